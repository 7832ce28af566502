//! The fast path for reading probe lines: the canonical lines `statusmark probe` writes, read in
//! one pass over their bytes. It accepts only what [`super::data::ProbeRecord::parse_line`] accepts and reads
//! it the same way (the test below holds it to that); every other line goes to `parse_line`, which
//! decides and says why. A year of data is millions of lines: this is what keeps reading them
//! within the build's budget (BENCHMARKS.md, "Measurements").

#[cfg(test)]
use super::data::ProbeRecord;

/// One check, as little as the pages need: when (Unix seconds), whether it was up, and its total
/// time in ms (NaN when it has none or failed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Check {
    pub(super) t: i64,
    pub(super) ms: f32,
    pub(super) up: bool,
}

/// Unix seconds of a civil UTC date and time (days from civil, Howard Hinnant's method).
fn unix_seconds(y: i64, m: i64, d: i64, secs_of_day: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * 86_400 + secs_of_day
}

/// The fast path for the lines `statusmark probe` writes: the canonical form only (a time such as
/// `2026-11-20T14:05:00Z`, plain decimals), checked field by field so that it accepts nothing
/// [`super::data::ProbeRecord::parse_line`] refuses, on bytes, in one pass. `None` hands the line to
/// `parse_line`, which decides and says why. A year of data is millions of lines.
pub(super) fn quick_check(line: &[u8]) -> Option<Check> {
    let mut f: [&[u8]; 10] = [&[]; 10];
    let mut rest = line;
    for field in f.iter_mut().take(9) {
        let at = rest.iter().position(|&b| b == b',')?;
        *field = &rest[..at];
        rest = &rest[at + 1..];
    }
    f[9] = rest;
    let [
        time,
        outcome,
        status,
        total,
        dns,
        connect,
        tls,
        first_byte,
        cert,
        detail,
    ] = f;
    // YYYY-MM-DDTHH:MM:SSZ
    if time.len() != 20 || [time[4], time[7], time[10], time[13], time[16], time[19]] != *b"--T::Z" {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        time[from..to]
            .iter()
            .try_fold(0i64, |n, b| b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0')))
    };
    let (y, mo, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (h, mi, sec) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if y < 1970
        || !(1..=12).contains(&mo)
        || d < 1
        || d > month_days[(mo - 1) as usize]
        || h > 23
        || mi > 59
        || sec > 59
    {
        return None;
    }
    let up = match outcome {
        b"up" | b"warn" => true,
        b"down" => false,
        _ => return None,
    };
    // An HTTP status: up to three digits (always a u16).
    if status.len() > 3 || !status.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let total_ms = if up {
        decimal(total)?
    } else {
        decimal(total).map(|_| None)?
    };
    if ![dns, connect, tls, first_byte]
        .into_iter()
        .all(|v| plain_decimal(v).is_some())
    {
        return None;
    }
    let cert_digits = cert.strip_prefix(b"-").unwrap_or(cert);
    if cert_digits.len() > 15
        || !cert_digits.iter().all(u8::is_ascii_digit)
        || (cert_digits.is_empty() && !cert.is_empty())
    {
        return None;
    }
    if detail.starts_with(b"\"") && !(detail.len() >= 2 && detail.ends_with(b"\"")) {
        return None;
    }
    // `parse_line` reads text: a detail that is not UTF-8 is for it to refuse.
    std::str::from_utf8(detail).ok()?;
    Some(Check {
        t: unix_seconds(y, mo, d, h * 3600 + mi * 60 + sec),
        ms: total_ms.filter(|_| up).map_or(f32::NAN, |v| v as f32),
        up,
    })
}

/// The digits of an optional plain decimal as an integer and its count of decimals (see
/// [`decimal`]), without the division.
fn plain_decimal(s: &[u8]) -> Option<(i64, usize)> {
    if s.is_empty() {
        return Some((0, 0));
    }
    let (int, frac) = match s.iter().position(|&b| b == b'.') {
        Some(at) => (&s[..at], &s[at + 1..]),
        None => (s, &b""[..]),
    };
    if int.is_empty() || (frac.is_empty() && int.len() != s.len()) || int.len() + frac.len() > 15 {
        return None;
    }
    let mut n: i64 = 0;
    for &b in int.iter().chain(frac) {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i64::from(b - b'0');
    }
    Some((n, frac.len()))
}

/// An optional plain decimal of milliseconds: `Some(None)` when empty, `Some(Some(v))` for digits
/// with at most one point between digits (at most 15 digits), `None` otherwise. With that few
/// digits, the integer and the power of ten are exact in f64 and one division rounds correctly:
/// the same value `str::parse::<f64>` gives.
#[allow(clippy::option_option)]
fn decimal(s: &[u8]) -> Option<Option<f64>> {
    if s.is_empty() {
        return Some(None);
    }
    let (n, decimals) = plain_decimal(s)?;
    let scale = [
        1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    Some(Some(n as f64 / scale[decimals]))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The fast path accepts only what `parse_line` accepts, and reads it the same: every prefix
    /// and every one-character change of real lines.
    #[test]
    fn the_fast_path_agrees_with_parse_line() {
        let lines = [
            "2026-11-20T14:05:00Z,up,200,100.0,1.0,2.0,3.0,95.0,60,\"\"",
            "2026-02-28T23:59:59Z,down,,10000.0,,,,,,\"timeout, after \"\"10s\"\"\"",
            "2024-02-29T00:00:00Z,warn,200,12,0.4,,,11.9,-3,\"certificate expires in 3 days\"",
            "2026-11-20T14:05:00Z,up,200,7.5,,,,,,plain detail",
        ];
        let mut tried = 0;
        let mut fast = 0;
        for line in lines {
            let mut variants: Vec<String> = (0..=line.len())
                .filter_map(|n| line.get(..n).map(str::to_owned))
                .collect();
            for (i, _) in line.char_indices() {
                for c in ['0', '9', '3', '-', '.', ',', '"', 'x', ':', 'Z', ' '] {
                    let mut v = line.to_owned();
                    v.replace_range(i..i + 1, &c.to_string());
                    variants.push(v);
                }
                let mut v = line.to_owned();
                v.remove(i);
                variants.push(v);
            }
            for v in variants {
                tried += 1;
                if let Some(c) = quick_check(v.as_bytes()) {
                    fast += 1;
                    let r = ProbeRecord::parse_line(&v)
                        .unwrap_or_else(|e| panic!("{v:?}: fast path took it, parse_line: {e}"));
                    assert_eq!(c.t, r.time.as_second(), "{v:?}");
                    assert_eq!(c.up, r.outcome.is_up(), "{v:?}");
                    let ms = r.total_ms.filter(|_| r.outcome.is_up()).map_or(f32::NAN, |v| v as f32);
                    assert!(
                        c.ms.to_bits() == ms.to_bits() || (c.ms.is_nan() && ms.is_nan()),
                        "{v:?}"
                    );
                }
            }
        }
        assert!(fast > 100 && tried > 1000, "{fast} of {tried}");
    }
}

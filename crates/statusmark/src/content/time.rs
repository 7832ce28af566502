//! Author-written instants: RFC 3339 with an offset, or a local time read in the site's zone.

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// Parse an instant. A time without an offset is accepted only when the site sets a time zone.
pub fn parse_instant(text: &str, zone: Option<&TimeZone>) -> Result<Timestamp, String> {
    let text = text.trim();
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(ts);
    }
    match text.parse::<jiff::civil::DateTime>() {
        Ok(local) => match zone {
            Some(zone) => zone
                .to_ambiguous_zoned(local)
                .compatible()
                .map(|z| z.timestamp())
                .map_err(|e| format!("`{text}` does not exist in the site's time zone: {e}")),
            None => Err(format!(
                "`{text}` has no offset; add \"Z\" (UTC) or an offset such as \"+02:00\", or set `timezone` in content/statusmark.toml"
            )),
        },
        Err(_) => Err(format!(
            "`{text}` is not a time; write RFC 3339, e.g. 2026-11-20T14:02:00Z"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_zones() {
        let utc = parse_instant("2026-11-20T14:02:00Z", None).unwrap();
        assert_eq!(parse_instant("2026-11-20T15:02:00+01:00", None).unwrap(), utc);
        let err = parse_instant("2026-11-20T14:02:00", None).unwrap_err();
        assert!(err.contains("has no offset"), "{err}");
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        assert_eq!(parse_instant("2026-11-20T15:02:00", Some(&berlin)).unwrap(), utc);
        assert!(parse_instant("yesterday", None).unwrap_err().contains("is not a time"));
    }
}

//! When to fetch next: the polling policy, pure and tested natively.
//!
//! Success: the configured interval with ±10 % jitter, so many widgets on many pages do not fetch
//! in lockstep. Failure: exponential back-off from 5 s, doubled per consecutive failure, capped at
//! 10 minutes, also jittered.

pub const BACKOFF_START_MS: f64 = 5_000.0;
pub const BACKOFF_CAP_MS: f64 = 600_000.0;

/// `random` in [0, 1).
pub fn next_delay_ms(poll_secs: u32, consecutive_failures: u32, random: f64) -> f64 {
    let base = if consecutive_failures == 0 {
        f64::from(poll_secs) * 1000.0
    } else {
        let exp = consecutive_failures.saturating_sub(1).min(16);
        (BACKOFF_START_MS * f64::from(1u32 << exp))
            .min(BACKOFF_CAP_MS)
            .max(f64::from(poll_secs) * 1000.0 / 4.0)
    };
    base * (0.9 + 0.2 * random.clamp(0.0, 1.0))
}

/// Data counts as stale when the last good fetch is older than a few polls, or when the feed says
/// it was generated long ago.
pub fn is_stale(
    now_ms: f64,
    last_good_ms: f64,
    poll_secs: u32,
    generated_ms: Option<f64>,
    stale_after_ms: f64,
) -> bool {
    let fetch_old = now_ms - last_good_ms > 3.0 * f64::from(poll_secs) * 1000.0 + 30_000.0;
    let feed_old = generated_ms.is_some_and(|g| now_ms - g > stale_after_ms);
    fetch_old || feed_old
}

/// "3 min ago", "2 h ago", "5 d ago".
pub fn age_text(ms: f64) -> String {
    let s = (ms / 1000.0).max(0.0) as u64;
    match s {
        0..60 => "just now".to_owned(),
        60..3600 => format!("{} min ago", s / 60),
        3600..86400 => format!("{} h ago", s / 3600),
        _ => format!("{} d ago", s / 86400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_uses_the_interval_with_jitter() {
        assert_eq!(next_delay_ms(60, 0, 0.5), 60_000.0);
        assert_eq!(next_delay_ms(60, 0, 0.0), 54_000.0);
        assert!((next_delay_ms(60, 0, 0.999_999) - 66_000.0).abs() < 1.0);
    }

    #[test]
    fn failures_back_off_exponentially_to_a_cap() {
        let delays: Vec<f64> = (1..=12).map(|f| next_delay_ms(15, f, 0.5)).collect();
        assert_eq!(&delays[..4], &[5_000.0, 10_000.0, 20_000.0, 40_000.0]);
        assert_eq!(*delays.last().unwrap(), BACKOFF_CAP_MS);
        assert!(delays.windows(2).all(|w| w[1] >= w[0]));
        assert_eq!(next_delay_ms(15, u32::MAX, 0.5), BACKOFF_CAP_MS);
    }

    #[test]
    fn staleness() {
        let min = 60_000.0;
        assert!(!is_stale(10.0 * min, 9.0 * min, 60, None, 60.0 * min));
        assert!(is_stale(10.0 * min, 0.0, 60, None, 60.0 * min));
        assert!(is_stale(200.0 * min, 199.0 * min, 60, Some(0.0), 60.0 * min));
        assert_eq!(age_text(59_000.0), "just now");
        assert_eq!(age_text(5.0 * min), "5 min ago");
        assert_eq!(age_text(180.0 * min), "3 h ago");
    }
}

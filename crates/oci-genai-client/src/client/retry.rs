//! When to try a request again, and how long to wait first.
//!
//! Retried: failures to connect, and answers 429, 500, 502, 503 and 504, only
//! while no byte of the answer has reached the caller. Waits grow
//! exponentially with full jitter (a uniform draw between zero and the
//! exponential bound, which spreads the retries of many clients best), unless
//! OCI says how long to wait with `Retry-After`. A budget bounds the time one
//! call spends retrying, so a caller that retries on its own does not
//! multiply the wait.

use std::time::{Duration, SystemTime};

use http::StatusCode;

/// How a call retries. `Default` gives at most 3 attempts, waits from
/// 200 ms doubling up to 2 s, and a 30 s budget.
///
/// ```
/// use std::time::Duration;
/// use oci_genai_client::client::RetryConfig;
///
/// let retry = RetryConfig::default()
///     .with_max_attempts(5)
///     .with_budget(Duration::from_secs(60));
/// assert_eq!(retry.max_attempts, 5);
/// assert_eq!(RetryConfig::disabled().max_attempts, 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Attempts per call for connection failures and retryable statuses, the
    /// first included (at least 1). The single re-send after a 401 and the
    /// single re-send with `maxCompletionTokens` come on top.
    pub max_attempts: u32,
    /// The bound of the first wait; each later bound doubles.
    pub initial_backoff: Duration,
    /// The largest bound of a computed wait (not of a `Retry-After`).
    pub max_backoff: Duration,
    /// A retry starts only if it can start within this time of the call's
    /// start, its wait included. A `Retry-After` that ends later is not
    /// waited for: the 429 or 503 is returned at once.
    ///
    /// The time of the failed attempts counts, so a budget no longer than
    /// [`Timeouts::connect`](super::Timeouts::connect) leaves no time to
    /// retry a connect timeout. The default leaves room for all three
    /// default attempts to time out connecting (3 × 10 s, the waits fitting
    /// between them); the OCI SDKs' default strategy allows 600 s, too long
    /// for a caller that retries on its own.
    pub budget: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(2),
            budget: Duration::from_secs(30),
        }
    }
}

impl RetryConfig {
    /// One attempt, no retries (the re-sends after a 401 and for
    /// `maxCompletionTokens` still happen).
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets [`max_attempts`](Self::max_attempts).
    #[must_use]
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// Sets [`initial_backoff`](Self::initial_backoff).
    #[must_use]
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets [`max_backoff`](Self::max_backoff).
    #[must_use]
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Sets [`budget`](Self::budget).
    #[must_use]
    pub fn with_budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// The bound of the wait before retry number `retry` (1 for the first
    /// retry): `initial_backoff * 2^(retry - 1)`, at most `max_backoff`.
    pub(crate) fn backoff_bound(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(31);
        self.initial_backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff)
    }

    /// The wait before retry number `retry`, given a uniform draw `random`
    /// (full jitter: anywhere between zero and the bound).
    pub(crate) fn backoff(&self, retry: u32, random: u64) -> Duration {
        let bound = self.backoff_bound(retry);
        // 53 random bits make an exactly representable fraction in [0, 1).
        let fraction = (random >> 11) as f64 / (1u64 << 53) as f64;
        bound.mul_f64(fraction)
    }
}

/// The statuses worth retrying: rate limiting and transient server errors.
/// 501 and 505 are permanent, so they are not here.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// Parses a `Retry-After` value, either delta-seconds or an HTTP date (all
/// three forms RFC 9110 asks recipients to accept), into a wait from `now`.
/// A date in the past means no wait.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Absurdly long values saturate rather than fail.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = parse_http_date(value)?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) or asctime (`Sun Nov  6 08:49:37 1994`).
fn parse_http_date(value: &str) -> Option<SystemTime> {
    use chrono::{NaiveDateTime, TimeZone as _, Utc};

    const FORMATS: [&str; 3] = [
        "%a, %d %b %Y %H:%M:%S GMT",
        "%A, %d-%b-%y %H:%M:%S GMT",
        "%a %b %e %H:%M:%S %Y",
    ];
    let naive = FORMATS
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(value, format).ok())?;
    Some(SystemTime::from(Utc.from_utc_datetime(&naive)))
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;

    #[test]
    fn retryable_statuses() {
        for status in [429, 500, 502, 503, 504] {
            assert!(is_retryable_status(StatusCode::from_u16(status).unwrap()));
        }
        for status in [200, 400, 401, 403, 404, 409, 412, 501, 505] {
            assert!(
                !is_retryable_status(StatusCode::from_u16(status).unwrap()),
                "{status}"
            );
        }
    }

    #[test]
    fn backoff_bounds_double_up_to_the_maximum() {
        let retry = RetryConfig::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(1000));
        let bounds: Vec<u128> = (1..=6)
            .map(|n| retry.backoff_bound(n).as_millis())
            .collect();
        assert_eq!(bounds, [100, 200, 400, 800, 1000, 1000]);
        // No overflow for absurd retry numbers.
        assert_eq!(retry.backoff_bound(u32::MAX), Duration::from_millis(1000));
    }

    #[test]
    fn full_jitter_stays_within_zero_and_the_bound() {
        let retry = RetryConfig::default();
        assert_eq!(retry.backoff(1, 0), Duration::ZERO);
        let bound = retry.backoff_bound(3);
        let top = retry.backoff(3, u64::MAX);
        assert!(top <= bound && top > bound.mul_f64(0.999_999), "{top:?}");
        let middle = retry.backoff(3, u64::MAX / 2);
        let half = bound / 2;
        assert!(
            middle.abs_diff(half) < Duration::from_micros(1),
            "{middle:?}"
        );
        // Many draws cover the range.
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        let draws: Vec<Duration> = (0..1000)
            .map(|_| {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                retry.backoff(2, seed)
            })
            .collect();
        let bound = retry.backoff_bound(2);
        assert!(draws.iter().all(|d| *d <= bound));
        assert!(draws.iter().any(|d| *d < bound / 10));
        assert!(draws.iter().any(|d| *d > bound * 9 / 10));
    }

    #[test]
    fn retry_after_seconds() {
        let now = UNIX_EPOCH;
        assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after(" 30 ", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("1.5", now), None);
        assert_eq!(parse_retry_after("", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn retry_after_http_dates() {
        // Sun, 06 Nov 1994 08:49:37 GMT
        let date = UNIX_EPOCH + Duration::from_secs(784_111_777);
        let now = date - Duration::from_secs(90);
        for value in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(
                parse_retry_after(value, now),
                Some(Duration::from_secs(90)),
                "{value}"
            );
        }
        // A date in the past: retry at once.
        assert_eq!(
            parse_retry_after(
                "Sun, 06 Nov 1994 08:49:37 GMT",
                date + Duration::from_secs(5)
            ),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 25:49:37 GMT", now),
            None
        );
    }
}

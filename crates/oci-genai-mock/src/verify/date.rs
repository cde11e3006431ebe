//! The `date` / `x-date` header: an HTTP date, which must be near the server
//! clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::NaiveDateTime;

/// Reads an IMF-fixdate (`Tue, 10 Jun 2025 12:00:00 GMT`), the form every OCI
/// SDK sends. The weekday is not checked against the date: signers sign the
/// header literally, and OCI's own documentation example carries a wrong one.
pub(crate) fn parse_http_date(value: &str) -> Option<SystemTime> {
    let without_weekday = match value.split_once(", ") {
        Some((weekday, rest)) if weekday.len() == 3 => rest,
        _ => value,
    };
    let parsed = NaiveDateTime::parse_from_str(without_weekday, "%d %b %Y %H:%M:%S GMT").ok()?;
    let seconds = parsed.and_utc().timestamp();
    let seconds = u64::try_from(seconds).ok()?;
    UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

/// Whether `date` is within `max_skew` of `now`, either way.
pub(crate) fn within_skew(date: SystemTime, now: SystemTime, max_skew: Duration) -> bool {
    let skew = match now.duration_since(date) {
        Ok(behind) => behind,
        Err(ahead) => ahead.duration(),
    };
    skew <= max_skew
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTOR_TIME: u64 = 1_749_556_800; // Tue, 10 Jun 2025 12:00:00 GMT

    #[test]
    fn reads_imf_fixdate() {
        assert_eq!(
            parse_http_date("Tue, 10 Jun 2025 12:00:00 GMT"),
            Some(UNIX_EPOCH + Duration::from_secs(VECTOR_TIME))
        );
        // A wrong weekday is signed literally by clients, so it is accepted.
        assert!(parse_http_date("Thu, 05 Jan 2014 21:31:40 GMT").is_some());
    }

    #[test]
    fn refuses_other_forms() {
        for value in [
            "",
            "yesterday",
            "2025-06-10T12:00:00Z",
            "Tue, 10 Jun 2025 12:00:00 +0000",
            "Tue, 32 Jun 2025 12:00:00 GMT",
            "Tue, 10 Jun 1969 12:00:00 GMT",
        ] {
            assert_eq!(parse_http_date(value), None, "{value}");
        }
    }

    #[test]
    fn skew_is_symmetric_and_inclusive() {
        let now = UNIX_EPOCH + Duration::from_secs(VECTOR_TIME);
        let five = Duration::from_secs(300);
        assert!(within_skew(now - five, now, five));
        assert!(within_skew(now + five, now, five));
        assert!(!within_skew(now - five - Duration::from_secs(1), now, five));
        assert!(!within_skew(now + five + Duration::from_secs(1), now, five));
    }
}

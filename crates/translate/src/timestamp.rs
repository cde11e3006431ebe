//! OCI timestamps (`timeCreated`, RFC 3339) as OpenAI's Unix seconds.

/// Seconds since the Unix epoch of an RFC 3339 timestamp (`2026-11-25T10:15:30.123Z`,
/// `…+02:00`), or `None` when it is not one or lies before the epoch. Fractions of a second
/// are dropped.
#[must_use]
pub(crate) fn unix_seconds(text: &str) -> Option<u64> {
    let time = chrono::DateTime::parse_from_rfc3339(text).ok()?;
    u64::try_from(time.timestamp()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339() {
        assert_eq!(unix_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            unix_seconds("2026-11-25T10:15:30.123Z"),
            Some(1_795_601_730)
        );
        assert_eq!(
            unix_seconds("2026-11-25T12:15:30+02:00"),
            Some(1_795_601_730)
        );
        assert_eq!(unix_seconds("2000-02-29T00:00:00Z"), Some(951_782_400));
        for bad in [
            "",
            "2026-11-25",
            "2026-13-25T10:15:30Z",
            "2026-11-25T10:15:30",
            "1969-12-31T23:59:59Z",
            "2026-11-25X10:15:30Z",
        ] {
            assert_eq!(unix_seconds(bad), None, "{bad}");
        }
    }
}

//! Small pure helpers: stable tool-call ids, RFC 3339 timestamps, camelCase → snake_case.

use std::fmt::Write as _;

/// A tool-call id for a call OCI sent without one: `call_<16 hex digits>_<index>`, the hex
/// digits a 64-bit FNV-1a hash of the completion id. The same completion id and position give
/// the same id, in a stream and in a non-streamed answer alike; nothing random is involved.
#[must_use]
pub fn synthesized_call_id(completion_id: &str, index: usize) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in completion_id.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let mut id = String::with_capacity(26);
    // Writing to a String cannot fail.
    let _ = write!(id, "call_{hash:016x}_{index}");
    id
}

/// Seconds since the Unix epoch of an RFC 3339 timestamp (`2026-11-25T10:15:30.123Z`,
/// `…+02:00`), or `None` when it is not one. Fractions of a second are dropped.
#[must_use]
pub(crate) fn parse_rfc3339(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = bytes.get(range)?;
        digits.iter().try_fold(0i64, |acc, &b| {
            b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if separators
        .iter()
        .any(|&(at, sep)| bytes.get(at) != Some(&sep))
        || !matches!(bytes.get(10), Some(b'T' | b't' | b' '))
    {
        return None;
    }
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    // Leap seconds (60) are read as 59.
    if second > 60 {
        return None;
    }
    let mut rest = &bytes[19..];
    if let [b'.', tail @ ..] = rest {
        let digits = tail.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        rest = &tail[digits..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let digit = |b: &u8| b.is_ascii_digit().then(|| i64::from(b - b'0'));
            let minutes = (digit(h1)? * 10 + digit(h2)?) * 60 + digit(m1)? * 10 + digit(m2)?;
            if *sign == b'+' { minutes } else { -minutes }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second.min(59) - offset * 60;
    u64::try_from(seconds).ok()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `maxTokens` → `max_tokens`: OCI's field names back in OpenAI's spelling, for error `param`s.
#[must_use]
pub(crate) fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = synthesized_call_id("chatcmpl-abc", 0);
        assert_eq!(a, synthesized_call_id("chatcmpl-abc", 0));
        assert_ne!(a, synthesized_call_id("chatcmpl-abc", 1));
        assert_ne!(a, synthesized_call_id("chatcmpl-abd", 0));
        assert!(a.starts_with("call_") && a.ends_with("_0") && a.len() == 23);
    }

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339("2026-11-25T10:15:30.123Z"),
            Some(1_795_601_730)
        );
        assert_eq!(
            parse_rfc3339("2026-11-25T12:15:30+02:00"),
            Some(1_795_601_730)
        );
        assert_eq!(parse_rfc3339("2000-02-29T00:00:00Z"), Some(951_782_400));
        for bad in [
            "",
            "2026-11-25",
            "2026-13-25T10:15:30Z",
            "2026-11-25T10:15:30",
            "2026-11-25T10:15:30.Z",
            "1969-12-31T23:59:59Z",
            "2026-11-25T10:15:30+0200",
            "2026-11-25X10:15:30Z",
            "२०२६-11-25T10:15:30Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn camel_to_snake() {
        assert_eq!(snake_case("maxTokens"), "max_tokens");
        assert_eq!(snake_case("temperature"), "temperature");
        assert_eq!(snake_case("maxCompletionTokens"), "max_completion_tokens");
    }
}

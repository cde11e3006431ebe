//! Request identifiers: the gateway's own (`x-request-id`, sent to OCI as `opc-request-id`)
//! and the W3C trace id a client may send in `traceparent` (OpenClaw does).

use http::HeaderMap;
use ring::rand::{SecureRandom, SystemRandom};

/// The id of one request through the gateway.
///
/// A client's `x-request-id` is kept when it is also a valid `opc-request-id` segment (1 to 32
/// characters of `[A-Za-z0-9_-]`), so one id follows the request from the client to OCI;
/// otherwise the gateway makes one the way the OCI SDKs do: 32 uppercase hex digits.
pub fn request_id(headers: &HeaderMap, rng: &SystemRandom) -> String {
    if let Some(given) = headers
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .filter(|value| is_opc_segment(value))
    {
        return given.to_owned();
    }
    let mut bytes = [0u8; 16];
    // getrandom does not fail on the platforms we run on; a zero id is still a valid id.
    let _ = rng.fill(&mut bytes);
    let mut id = String::with_capacity(32);
    for byte in bytes {
        id.push(char::from(HEX[usize::from(byte >> 4)]));
        id.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    id
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn is_opc_segment(value: &str) -> bool {
    (1..=32).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The trace id of a valid W3C `traceparent` header (`00-<32 hex>-<16 hex>-<2 hex>`).
pub fn trace_id(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get("traceparent")?.to_str().ok()?;
    let mut parts = value.trim().split('-');
    let version = parts.next()?;
    let trace = parts.next()?;
    let parent = parts.next()?;
    let flags = parts.next()?;
    let hex = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit());
    (hex(version, 2)
        && version != "ff"
        && hex(trace, 32)
        && trace.bytes().any(|b| b != b'0')
        && hex(parent, 16)
        && hex(flags, 2))
    .then_some(trace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(name: &'static str, value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, value.parse().unwrap());
        headers
    }

    #[test]
    fn generated_ids_are_32_uppercase_hex_and_differ() {
        let rng = SystemRandom::new();
        let a = request_id(&HeaderMap::new(), &rng);
        let b = request_id(&HeaderMap::new(), &rng);
        assert_eq!(a.len(), 32);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        );
        assert_ne!(a, b);
    }

    #[test]
    fn client_ids_are_kept_when_oci_accepts_them() {
        let rng = SystemRandom::new();
        assert_eq!(
            request_id(&headers("x-request-id", "abc-123_X"), &rng),
            "abc-123_X"
        );
        let long = "a".repeat(33);
        assert_ne!(request_id(&headers("x-request-id", &long), &rng), long);
        assert_ne!(
            request_id(&headers("x-request-id", "has/slash"), &rng),
            "has/slash"
        );
    }

    #[test]
    fn traceparent() {
        let valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assert_eq!(
            trace_id(&headers("traceparent", valid)),
            Some("4bf92f3577b34da6a3ce929d0e0e4736")
        );
        for invalid in [
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "garbage",
        ] {
            assert_eq!(
                trace_id(&headers("traceparent", invalid)),
                None,
                "{invalid}"
            );
        }
    }
}

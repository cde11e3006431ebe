//! `opc-request-id`: echoed when the client sent one, otherwise made up the
//! way the OCI SDKs make theirs (32 uppercase hex digits).

use std::sync::atomic::{AtomicU64, Ordering};

use http::{HeaderMap, HeaderValue};

use crate::random::mix;

/// Makes unique request ids without locking.
#[derive(Debug)]
pub(crate) struct RequestIds {
    seed: u64,
    counter: AtomicU64,
}

impl RequestIds {
    /// Ids that differ between server runs thanks to `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            seed,
            counter: AtomicU64::new(0),
        }
    }

    /// The id for a request: its own `opc-request-id`, or a fresh one.
    pub(crate) fn for_request(&self, headers: &HeaderMap) -> HeaderValue {
        match headers.get("opc-request-id") {
            Some(id) if !id.is_empty() => id.clone(),
            _ => self.next(),
        }
    }

    fn next(&self) -> HeaderValue {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let high = mix(self.seed ^ n);
        let low = mix(high ^ n.rotate_left(32));
        let text = format!("{high:016X}{low:016X}");
        // Hex digits are always a valid header value.
        HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static("0"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoes_the_clients_id() {
        let ids = RequestIds::new(1);
        let mut headers = HeaderMap::new();
        headers.insert("opc-request-id", HeaderValue::from_static("abc/def"));
        assert_eq!(ids.for_request(&headers), "abc/def");
    }

    #[test]
    fn makes_distinct_sdk_style_ids() {
        let ids = RequestIds::new(7);
        let a = ids.for_request(&HeaderMap::new());
        let b = ids.for_request(&HeaderMap::new());
        assert_ne!(a, b);
        for id in [a, b] {
            let text = id.to_str().unwrap();
            assert_eq!(text.len(), 32);
            assert!(
                text.bytes()
                    .all(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(&c))
            );
        }
    }
}

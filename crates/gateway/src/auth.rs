//! Client authentication: `Authorization: Bearer <key>` against the configured keys.

use http::HeaderMap;
use ring::digest::{SHA256, digest};
use subtle::ConstantTimeEq;

use crate::settings::ClientKey;

/// The configured client keys, kept as SHA-256 digests so every comparison has the same
/// length and takes the same time whatever the presented key.
#[derive(Debug, Clone, Default)]
pub struct ClientKeys {
    digests: Vec<[u8; 32]>,
}

impl ClientKeys {
    /// Digests the configured keys.
    pub fn new(keys: &[ClientKey]) -> Self {
        Self {
            digests: keys.iter().map(|key| sha256(key.expose())).collect(),
        }
    }

    /// Whether any key is configured (if not, every request is accepted).
    pub fn is_enabled(&self) -> bool {
        !self.digests.is_empty()
    }

    /// Whether the request carries one of the keys.
    pub fn accepts(&self, headers: &HeaderMap) -> bool {
        if !self.is_enabled() {
            return true;
        }
        let Some(presented) = bearer_token(headers) else {
            return false;
        };
        let presented = sha256(presented.as_bytes());
        // Compare with every key, without stopping at a match, so timing says nothing about
        // which key (or whether any) matched.
        let mut matched = subtle::Choice::from(0);
        for digest in &self.digests {
            matched |= digest.ct_eq(&presented);
        }
        matched.into()
    }
}

/// The token of an `Authorization: Bearer <token>` header (scheme matched without regard to
/// case, as RFC 9110 says).
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|token| !token.is_empty())
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0; 32];
    out.copy_from_slice(digest(&SHA256, bytes).as_ref());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(http::header::AUTHORIZATION, value.parse().unwrap());
        headers
    }

    #[test]
    fn keys_are_checked_when_configured() {
        let keys = ClientKeys::new(&[ClientKey::new("sk-one"), ClientKey::new("sk-two")]);
        assert!(keys.accepts(&headers("Bearer sk-one")));
        assert!(keys.accepts(&headers("bearer   sk-two ")));
        assert!(!keys.accepts(&headers("Bearer sk-three")));
        assert!(!keys.accepts(&headers("Bearer sk-one-more")));
        assert!(!keys.accepts(&headers("Basic sk-one")));
        assert!(!keys.accepts(&headers("Bearer ")));
        assert!(!keys.accepts(&HeaderMap::new()));
    }

    #[test]
    fn no_keys_means_open() {
        let keys = ClientKeys::new(&[]);
        assert!(!keys.is_enabled());
        assert!(keys.accepts(&HeaderMap::new()));
    }
}

//! `opc-request-id` and `opc-retry-token` values, and the random numbers
//! behind them and behind retry jitter.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use ring::rand::{SecureRandom as _, SystemRandom};

/// A new `opc-request-id`: 32 uppercase hex digits, as the OCI SDKs make
/// them (a UUID without dashes, upper case).
pub(crate) fn generate() -> String {
    let mut bytes = [0u8; 16];
    fill(&mut bytes);
    let mut id = String::with_capacity(32);
    for byte in bytes {
        id.push(hex_digit(byte >> 4));
        id.push(hex_digit(byte & 0xF));
    }
    id
}

/// The length of an `opc-retry-token`, as the OCI SDKs make it.
const RETRY_TOKEN_LEN: usize = 30;

/// The characters of an `opc-retry-token`: ASCII letters and digits.
const RETRY_TOKEN_ALPHABET: &[u8; 62] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A new `opc-retry-token`: 30 characters drawn uniformly from ASCII letters
/// and digits, as the OCI Python SDK makes them
/// (`BaseClient.add_opc_retry_token_if_needed`).
pub(crate) fn generate_retry_token() -> String {
    // 248 is the largest multiple of 62 a byte holds: bytes from 248 up are
    // dropped, so that `byte % 62` favours no character.
    const ACCEPTED_BELOW: u8 = 248;
    let mut token = String::with_capacity(RETRY_TOKEN_LEN);
    let mut bytes = [0u8; RETRY_TOKEN_LEN];
    while token.len() < RETRY_TOKEN_LEN {
        fill(&mut bytes);
        let characters = bytes
            .iter()
            .filter(|&&byte| byte < ACCEPTED_BELOW)
            .map(|&byte| {
                char::from(RETRY_TOKEN_ALPHABET[usize::from(byte) % RETRY_TOKEN_ALPHABET.len()])
            });
        token.extend(characters.take(RETRY_TOKEN_LEN - token.len()));
    }
    token
}

/// Whether a caller's id can be sent as a header value: non-empty, visible
/// ASCII. OCI documents up to three `/`-separated segments of at most 32
/// characters; longer ids are left for OCI to judge.
pub(crate) fn is_valid(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_graphic())
}

/// A uniformly random `u64`, for retry jitter.
pub(crate) fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    fill(&mut bytes);
    u64::from_le_bytes(bytes)
}

/// Fills `bytes` from the operating system's generator.
///
/// Ids and jitter need uniqueness and spread, not secrecy, so if the system
/// generator ever fails, a counter mixed with the clock (SplitMix64) stands
/// in rather than failing the call.
fn fill(bytes: &mut [u8]) {
    if SystemRandom::new().fill(bytes).is_ok() {
        return;
    }
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    for chunk in bytes.chunks_mut(8) {
        let mut z = nanos
            .wrapping_add(COUNTER.fetch_add(1, Ordering::Relaxed))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
    }
}

fn hex_digit(nibble: u8) -> char {
    char::from(b"0123456789ABCDEF"[usize::from(nibble & 0xF)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_32_uppercase_hex_digits_and_differ() {
        let a = generate();
        let b = generate();
        for id in [&a, &b] {
            assert_eq!(id.len(), 32);
            assert!(
                id.bytes()
                    .all(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(&c)),
                "{id}"
            );
        }
        assert_ne!(a, b);
        assert!(is_valid(&a));
    }

    #[test]
    fn retry_tokens_are_30_letters_or_digits_and_differ() {
        let tokens: Vec<String> = (0..100).map(|_| generate_retry_token()).collect();
        for token in &tokens {
            assert_eq!(token.len(), RETRY_TOKEN_LEN);
            assert!(token.bytes().all(|c| c.is_ascii_alphanumeric()), "{token}");
        }
        let mut distinct = tokens.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), tokens.len());
        // Capitals, small letters and digits all turn up.
        let all: String = tokens.concat();
        assert!(all.bytes().any(|c| c.is_ascii_uppercase()));
        assert!(all.bytes().any(|c| c.is_ascii_lowercase()));
        assert!(all.bytes().any(|c| c.is_ascii_digit()));
    }

    #[test]
    fn caller_ids_must_be_header_safe() {
        assert!(is_valid("gateway/0123/abc"));
        assert!(!is_valid(""));
        assert!(!is_valid("has space"));
        assert!(!is_valid("line\nbreak"));
        assert!(!is_valid("é"));
    }
}

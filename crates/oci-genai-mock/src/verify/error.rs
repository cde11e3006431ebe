//! Why a request signature or a public key was refused.

/// Why a request was not authenticated. Every variant becomes OCI's
/// `401 NotAuthenticated`; the text goes into the error message so a client
/// author can see what to fix.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// No `authorization` header. Sign the request.
    #[error("the request has no authorization header")]
    MissingAuthorization,
    /// The `authorization` header is not `Signature k="v",…` with `keyId` and
    /// `signature`.
    #[error("malformed authorization header: {reason}")]
    MalformedAuthorization {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// `version` is not `"1"`.
    #[error("unsupported signature version {version:?}")]
    UnsupportedVersion {
        /// The version received.
        version: String,
    },
    /// `algorithm` is not `rsa-sha256`.
    #[error("unsupported signature algorithm {algorithm:?}")]
    UnsupportedAlgorithm {
        /// The algorithm received.
        algorithm: String,
    },
    /// The `headers` parameter leaves out a header OCI requires to be signed:
    /// `date` (or `x-date`), `(request-target)` and `host` always, and
    /// `content-length`, `content-type` and `x-content-sha256` for POST, PUT
    /// and PATCH.
    #[error("the signature does not cover the required header {name}")]
    UnsignedRequiredHeader {
        /// The header that must be signed.
        name: &'static str,
    },
    /// A header named in the signature is not on the request.
    #[error("the signed header {name} is missing from the request")]
    MissingHeader {
        /// The header.
        name: String,
    },
    /// A signed header's value is not visible ASCII.
    #[error("the signed header {name} has a value that is not visible ASCII")]
    InvalidHeaderValue {
        /// The header.
        name: String,
    },
    /// The `date` (or `x-date`) header is not an HTTP date such as
    /// `Tue, 10 Jun 2025 12:00:00 GMT`.
    #[error("cannot read the request date {value:?}")]
    InvalidDate {
        /// The value received.
        value: String,
    },
    /// The request date is further from the server clock than allowed (five
    /// minutes on OCI). Fix the client clock, and sign each attempt anew.
    #[error("the request date {value:?} is more than {max_skew_secs} s from the server clock")]
    ClockSkew {
        /// The date received.
        value: String,
        /// The allowed difference in seconds.
        max_skew_secs: u64,
    },
    /// `content-length` does not match the body received.
    #[error("content-length {declared:?} does not match the {actual}-byte body")]
    ContentLengthMismatch {
        /// The header value.
        declared: String,
        /// The body length.
        actual: usize,
    },
    /// `x-content-sha256` is not the base64 SHA-256 of the body received.
    #[error("x-content-sha256 does not match the body")]
    BodyDigestMismatch,
    /// `keyId` is neither `<tenancy>/<user>/<fingerprint>` nor `ST$<token>`.
    #[error("keyId is neither <tenancy>/<user>/<fingerprint> nor ST$<token>")]
    MalformedKeyId,
    /// No trusted key has this fingerprint. Start the mock with the matching
    /// `--public-key`.
    #[error("no trusted key has the fingerprint {fingerprint}")]
    UnknownKey {
        /// The fingerprint from `keyId`.
        fingerprint: String,
    },
    /// The `ST$` token is not a JWT with a numeric `exp` claim.
    #[error("the session token is invalid: {reason}")]
    InvalidToken {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The `ST$` token has expired. Refresh it.
    #[error("the session token expired at unix time {expired_at}")]
    TokenExpired {
        /// Its `exp` claim.
        expired_at: i64,
    },
    /// `signature` is not base64.
    #[error("the signature is not base64")]
    SignatureNotBase64,
    /// The signature does not verify with the key: the signing string the
    /// client signed differs from the one rebuilt from the request received,
    /// or the key is wrong.
    #[error("the signature does not verify")]
    BadSignature,
}

/// Why a public key cannot be trusted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The input holds no PEM block.
    #[error("the input holds no PEM block")]
    NotPem,
    /// The PEM block is not a `PUBLIC KEY` (SubjectPublicKeyInfo), e.g. a
    /// private key or a PKCS#1 `RSA PUBLIC KEY`. Convert it with
    /// `openssl rsa -in KEY -pubout`.
    #[error("expected a PUBLIC KEY PEM block, found {label:?}")]
    NotAPublicKey {
        /// The label of the block found.
        label: String,
    },
    /// The DER inside is not a SubjectPublicKeyInfo.
    #[error("the public key is not a valid SubjectPublicKeyInfo")]
    InvalidSpki(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The key is not an RSA key.
    #[error("the public key is not an RSA key (algorithm {algorithm})")]
    NotRsa {
        /// The algorithm OID.
        algorithm: String,
    },
    /// OCI needs RSA keys of at least 2048 bits.
    #[error("the RSA key has {bits} bits; at least 2048 are needed")]
    TooSmall {
        /// The modulus size.
        bits: usize,
    },
    /// The key is larger than the verifier supports (8192 bits).
    #[error("the RSA key has {bits} bits; at most 8192 are supported")]
    TooLarge {
        /// The modulus size.
        bits: usize,
    },
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    fn assert_style(text: &str) {
        assert!(text.starts_with(char::is_lowercase), "{text}");
        assert!(!text.ends_with('.'), "{text}");
    }

    #[test]
    fn every_auth_error_reads_as_one_lowercase_clause() {
        let errors = [
            AuthError::MissingAuthorization,
            AuthError::MalformedAuthorization { reason: "x" },
            AuthError::UnsupportedVersion {
                version: "2".into(),
            },
            AuthError::UnsupportedAlgorithm {
                algorithm: "hmac".into(),
            },
            AuthError::UnsignedRequiredHeader { name: "host" },
            AuthError::MissingHeader {
                name: "date".into(),
            },
            AuthError::InvalidHeaderValue {
                name: "date".into(),
            },
            AuthError::InvalidDate {
                value: "yesterday".into(),
            },
            AuthError::ClockSkew {
                value: "d".into(),
                max_skew_secs: 300,
            },
            AuthError::ContentLengthMismatch {
                declared: "3".into(),
                actual: 4,
            },
            AuthError::BodyDigestMismatch,
            AuthError::MalformedKeyId,
            AuthError::UnknownKey {
                fingerprint: "aa".into(),
            },
            AuthError::InvalidToken { reason: "x" },
            AuthError::TokenExpired { expired_at: 1 },
            AuthError::SignatureNotBase64,
            AuthError::BadSignature,
        ];
        for error in errors {
            assert_style(&error.to_string());
        }
    }

    #[test]
    fn every_key_error_reads_as_one_lowercase_clause() {
        let errors = [
            KeyError::NotPem,
            KeyError::NotAPublicKey {
                label: "RSA PRIVATE KEY".into(),
            },
            KeyError::InvalidSpki(Box::new(std::io::Error::other("der"))),
            KeyError::NotRsa {
                algorithm: "1.2.840.10045.2.1".into(),
            },
            KeyError::TooSmall { bits: 1024 },
            KeyError::TooLarge { bits: 16384 },
        ];
        for error in errors {
            assert_style(&error.to_string());
            if matches!(error, KeyError::InvalidSpki(_)) {
                assert!(error.source().is_some());
            }
        }
    }
}

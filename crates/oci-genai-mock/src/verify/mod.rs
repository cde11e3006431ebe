//! OCI request-signature verification (draft-cavage-http-signatures, as OCI
//! uses it), written independently of the project's signer so that a bug in
//! one cannot hide the same bug in the other.
//!
//! What [`Verifier::verify`] checks, cheapest first:
//!
//! 1. `authorization` is `Signature …` with `keyId` and `signature`,
//!    `algorithm="rsa-sha256"`, and `version="1"` if a version is given.
//! 2. The signed header list (`headers=`) covers `date` or `x-date`,
//!    `(request-target)` and `host`, and for POST, PUT and PATCH also
//!    `content-length`, `content-type` and `x-content-sha256`. Every listed
//!    header is on the request.
//! 3. The signed date (`x-date` when signed, else `date`) is within five
//!    minutes of the server clock, either way.
//! 4. A signed `content-length` equals the body length, and a signed
//!    `x-content-sha256` is the base64 SHA-256 of the body.
//! 5. The key: for `<tenancy>/<user>/<fingerprint>` the trusted key with that
//!    fingerprint; for `ST$<token>` a JWT whose `exp` has not passed, and then
//!    any trusted key.
//! 6. The RSASSA-PKCS1-v1_5 SHA-256 signature over the signing string rebuilt
//!    from the request exactly as received: one `name: value` line per signed
//!    header, in the listed order, joined by `\n`; `(request-target)` is the
//!    lowercase method, a space, and the path and query as they were on the
//!    request line; `host` is the `Host` header, or the HTTP/2 authority.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//!
//! use oci_genai_mock::verify::{AuthError, SignedRequest, Verifier};
//! use oci_genai_mock::test_identity;
//!
//! let verifier = Verifier::new(vec![test_identity::test_only_trusted_key()?]);
//! let request = http::Request::get("/20231130/models?compartmentId=x")
//!     .header("host", "127.0.0.1:8080")
//!     .header("date", "Tue, 10 Jun 2025 12:00:00 GMT")
//!     .body(())?;
//! let (parts, ()) = request.into_parts();
//! let now = UNIX_EPOCH + Duration::from_secs(1_749_556_800);
//! assert_eq!(
//!     verifier.verify(&SignedRequest::from_parts(&parts, b""), now),
//!     Err(AuthError::MissingAuthorization)
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod authorization;
mod date;
mod error;
mod key;
mod token;

use std::borrow::Cow;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::HeaderMap;

pub use error::{AuthError, KeyError};
pub use key::TrustedKey;

/// OCI's limit on the difference between the request date and its clock.
pub const DEFAULT_MAX_CLOCK_SKEW: Duration = Duration::from_secs(5 * 60);

/// The parts of a received request that its signature covers.
#[derive(Clone, Copy, Debug)]
pub struct SignedRequest<'a> {
    method: &'a str,
    path_and_query: &'a str,
    authority: Option<&'a str>,
    headers: &'a HeaderMap,
    body: &'a [u8],
}

impl<'a> SignedRequest<'a> {
    /// A request from its parts: the method as received, the request-target
    /// exactly as received (path and query), the HTTP/2 authority if any, the
    /// headers and the whole body.
    pub fn new(
        method: &'a str,
        path_and_query: &'a str,
        authority: Option<&'a str>,
        headers: &'a HeaderMap,
        body: &'a [u8],
    ) -> Self {
        Self {
            method,
            path_and_query,
            authority,
            headers,
            body,
        }
    }

    /// A request from `http` request parts and the collected body.
    pub fn from_parts(parts: &'a http::request::Parts, body: &'a [u8]) -> Self {
        Self::new(
            parts.method.as_str(),
            parts.uri.path_and_query().map_or("/", |pq| pq.as_str()),
            parts.uri.authority().map(|authority| authority.as_str()),
            &parts.headers,
            body,
        )
    }

    fn is_body_method(&self) -> bool {
        ["POST", "PUT", "PATCH"]
            .iter()
            .any(|method| self.method.eq_ignore_ascii_case(method))
    }

    /// The value of a header as signers sign it: several values are joined
    /// with `, ` (draft-cavage §2.3); `None` when absent.
    fn header(&self, name: &str) -> Result<Option<Cow<'a, str>>, AuthError> {
        let invalid = || AuthError::InvalidHeaderValue {
            name: name.to_owned(),
        };
        let mut values = self.headers.get_all(name).iter();
        let Some(first) = values.next() else {
            return Ok(None);
        };
        let first = first.to_str().map_err(|_| invalid())?;
        let Some(second) = values.next() else {
            return Ok(Some(Cow::Borrowed(first)));
        };
        let mut joined = format!("{first}, {}", second.to_str().map_err(|_| invalid())?);
        for value in values {
            joined.push_str(", ");
            joined.push_str(value.to_str().map_err(|_| invalid())?);
        }
        Ok(Some(Cow::Owned(joined)))
    }

    fn required_header(&self, name: &str) -> Result<Cow<'a, str>, AuthError> {
        self.header(name)?.ok_or_else(|| AuthError::MissingHeader {
            name: name.to_owned(),
        })
    }

    fn host(&self) -> Result<Cow<'a, str>, AuthError> {
        match self.header("host")? {
            Some(host) => Ok(host),
            None => self
                .authority
                .map(Cow::Borrowed)
                .ok_or_else(|| AuthError::MissingHeader {
                    name: "host".to_owned(),
                }),
        }
    }
}

/// Who signed a request that verified.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Principal {
    /// An API key: `keyId` was `<tenancy>/<user>/<fingerprint>`.
    ApiKey {
        /// The tenancy OCID.
        tenancy: String,
        /// The user OCID.
        user: String,
        /// The key fingerprint.
        fingerprint: String,
    },
    /// A security token (session, instance or resource principal): `keyId`
    /// was `ST$<token>`.
    SecurityToken {
        /// The token's `exp`, in seconds since the Unix epoch.
        expires_at: i64,
    },
}

/// Checks request signatures against a set of trusted keys. See the
/// [module docs](self) for what is checked.
#[derive(Clone, Debug)]
pub struct Verifier {
    keys: Vec<TrustedKey>,
    max_clock_skew: Duration,
}

impl Verifier {
    /// A verifier trusting `keys`, with OCI's five-minute clock-skew limit.
    pub fn new(keys: Vec<TrustedKey>) -> Self {
        Self {
            keys,
            max_clock_skew: DEFAULT_MAX_CLOCK_SKEW,
        }
    }

    /// The same verifier with another clock-skew limit.
    #[must_use]
    pub fn with_max_clock_skew(mut self, max_clock_skew: Duration) -> Self {
        self.max_clock_skew = max_clock_skew;
        self
    }

    /// The trusted keys.
    pub fn keys(&self) -> &[TrustedKey] {
        &self.keys
    }

    /// Verifies `request` at time `now`.
    ///
    /// # Errors
    ///
    /// The first [`AuthError`] found, in the order of the [module docs](self).
    pub fn verify(
        &self,
        request: &SignedRequest<'_>,
        now: SystemTime,
    ) -> Result<Principal, AuthError> {
        let authorization = request
            .header("authorization")?
            .ok_or(AuthError::MissingAuthorization)?;
        let params = authorization::parse(&authorization)?;
        if let Some(version) = params.version
            && version != "1"
        {
            return Err(AuthError::UnsupportedVersion {
                version: version.to_owned(),
            });
        }
        match params.algorithm {
            Some("rsa-sha256") => {}
            Some(other) => {
                return Err(AuthError::UnsupportedAlgorithm {
                    algorithm: other.to_owned(),
                });
            }
            None => {
                return Err(AuthError::MalformedAuthorization {
                    reason: "no algorithm",
                });
            }
        }
        // draft-cavage: without `headers`, only `date` is signed. Names are
        // lowercase in the signing string; clients send them so, which keeps
        // this free of allocations.
        let signed: Vec<Cow<'_, str>> = params
            .headers
            .unwrap_or("date")
            .split_ascii_whitespace()
            .map(|name| {
                if name.bytes().any(|b| b.is_ascii_uppercase()) {
                    Cow::Owned(name.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(name)
                }
            })
            .collect();
        check_coverage(&signed, request.is_body_method())?;
        let signing_string = signing_string(request, &signed)?;
        self.check_date(request, &signed, now)?;
        check_body(request, &signed)?;
        let signature = STANDARD
            .decode(params.signature)
            .map_err(|_| AuthError::SignatureNotBase64)?;
        self.check_key_and_signature(params.key_id, signing_string.as_bytes(), &signature, now)
    }

    fn check_date(
        &self,
        request: &SignedRequest<'_>,
        signed: &[Cow<'_, str>],
        now: SystemTime,
    ) -> Result<(), AuthError> {
        // OCI: "if both are included, Oracle uses x-date".
        let name = if signed.iter().any(|name| name == "x-date") {
            "x-date"
        } else {
            "date"
        };
        let value = request.required_header(name)?;
        let date = date::parse_http_date(&value).ok_or_else(|| AuthError::InvalidDate {
            value: value.clone().into_owned(),
        })?;
        if date::within_skew(date, now, self.max_clock_skew) {
            Ok(())
        } else {
            Err(AuthError::ClockSkew {
                value: value.into_owned(),
                max_skew_secs: self.max_clock_skew.as_secs(),
            })
        }
    }

    fn check_key_and_signature(
        &self,
        key_id: &str,
        signing_string: &[u8],
        signature: &[u8],
        now: SystemTime,
    ) -> Result<Principal, AuthError> {
        if let Some(token) = key_id.strip_prefix("ST$") {
            let expires_at = token::expiry(token)?;
            if expires_at <= unix_seconds(now) {
                return Err(AuthError::TokenExpired {
                    expired_at: expires_at,
                });
            }
            return if self
                .keys
                .iter()
                .any(|key| key.verifies(signing_string, signature))
            {
                Ok(Principal::SecurityToken { expires_at })
            } else {
                Err(AuthError::BadSignature)
            };
        }
        let mut parts = key_id.split('/');
        let (Some(tenancy), Some(user), Some(fingerprint), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(AuthError::MalformedKeyId);
        };
        if tenancy.is_empty() || user.is_empty() || fingerprint.is_empty() {
            return Err(AuthError::MalformedKeyId);
        }
        let key = self
            .keys
            .iter()
            .find(|key| key.fingerprint().eq_ignore_ascii_case(fingerprint))
            .ok_or_else(|| AuthError::UnknownKey {
                fingerprint: fingerprint.to_owned(),
            })?;
        if key.verifies(signing_string, signature) {
            Ok(Principal::ApiKey {
                tenancy: tenancy.to_owned(),
                user: user.to_owned(),
                fingerprint: key.fingerprint().to_owned(),
            })
        } else {
            Err(AuthError::BadSignature)
        }
    }
}

fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// Checks that the signature covers the headers OCI requires.
fn check_coverage(signed: &[Cow<'_, str>], body_method: bool) -> Result<(), AuthError> {
    let covers = |name: &str| signed.iter().any(|signed| signed == name);
    if !covers("date") && !covers("x-date") {
        return Err(AuthError::UnsignedRequiredHeader { name: "date" });
    }
    let always: &[&'static str] = &["(request-target)", "host"];
    let body: &[&'static str] = &["content-length", "content-type", "x-content-sha256"];
    let body = if body_method { body } else { &[] };
    match always.iter().chain(body).find(|name| !covers(name)) {
        Some(name) => Err(AuthError::UnsignedRequiredHeader { name }),
        None => Ok(()),
    }
}

/// Rebuilds the signing string from the request as received.
fn signing_string(
    request: &SignedRequest<'_>,
    signed: &[Cow<'_, str>],
) -> Result<String, AuthError> {
    let mut text = String::with_capacity(512);
    for (i, name) in signed.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(name);
        text.push_str(": ");
        match name.as_ref() {
            "(request-target)" => {
                text.extend(request.method.chars().map(|c| c.to_ascii_lowercase()));
                text.push(' ');
                text.push_str(request.path_and_query);
            }
            "host" => text.push_str(&request.host()?),
            other => text.push_str(&request.required_header(other)?),
        }
    }
    Ok(text)
}

/// Checks the signed body headers against the body received.
fn check_body(request: &SignedRequest<'_>, signed: &[Cow<'_, str>]) -> Result<(), AuthError> {
    let covers = |name: &str| signed.iter().any(|signed| signed == name);
    if covers("content-length") {
        let declared = request.required_header("content-length")?;
        if declared.parse::<usize>().ok() != Some(request.body.len()) {
            return Err(AuthError::ContentLengthMismatch {
                declared: declared.into_owned(),
                actual: request.body.len(),
            });
        }
    }
    if covers("x-content-sha256") {
        let declared = request.required_header("x-content-sha256")?;
        let digest = ring::digest::digest(&ring::digest::SHA256, request.body);
        let mut encoded = [0u8; 44];
        let matches = STANDARD
            .encode_slice(digest.as_ref(), &mut encoded)
            .is_ok_and(|length| encoded[..length] == *declared.as_bytes());
        if !matches {
            return Err(AuthError::BodyDigestMismatch);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;

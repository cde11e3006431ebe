//! OCI's HTTP Signatures scheme (draft-cavage-http-signatures-08, `rsa-sha256`, version 1).
//!
//! Signing happens in two stages, each with a value tests can compare with the official SDK's
//! vectors: [`prepare`] builds the request target, the list of signed headers and the signing
//! string from the request and the time; [`StringToSign::sign`] adds the RSA signature and the
//! `Authorization` header.

use std::fmt;
use std::time::SystemTime;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::credentials::Credentials;
use crate::error::SigningError;
use crate::request::{SignableBody, SignableRequest};

/// Whether a request's body headers are signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BodyHeaders {
    /// Sign `content-length`, `content-type` and `x-content-sha256` on POST, PUT and PATCH
    /// (the OCI default), adding any of them the caller did not set.
    #[default]
    Sign,
    /// Sign only `date (request-target) host`, whatever the method: what the SDKs do for
    /// Object Storage `PutObject` and `UploadPart`, whose bodies may be too large to hash.
    Exclude,
}

/// Settings for one signing call. Plain data; `Default` is what the OCI SDKs do.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SigningSettings {
    /// Whether the body headers are signed.
    pub body_headers: BodyHeaders,
}

impl SigningSettings {
    /// Settings that sign without body headers ([`BodyHeaders::Exclude`]).
    pub fn exclude_body() -> Self {
        Self {
            body_headers: BodyHeaders::Exclude,
        }
    }
}

/// Everything a signature depends on besides the request: who signs, when, and how.
#[derive(Debug, Clone)]
pub struct SigningParams<'a> {
    /// Key and key id.
    pub credentials: &'a Credentials,
    /// The time written into `date` when the caller did not set `date` or `x-date`.
    /// Passed in, never read from the clock here, so signing is deterministic under test.
    pub time: SystemTime,
    /// Signing settings.
    pub settings: SigningSettings,
}

impl<'a> SigningParams<'a> {
    /// Parameters with default settings.
    pub fn new(credentials: &'a Credentials, time: SystemTime) -> Self {
        Self {
            credentials,
            time,
            settings: SigningSettings::default(),
        }
    }
}

/// A header set on the request by signing: its lowercase name and value.
pub type Header = (&'static str, String);

/// The signing string and the headers it covers, before the RSA signature.
#[derive(Clone)]
pub struct StringToSign {
    request_target: String,
    signed: Vec<Header>,
    signing_string: String,
}

impl fmt::Debug for StringToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StringToSign")
            .field("signing_string", &self.signing_string)
            .finish()
    }
}

impl StringToSign {
    /// The `(request-target)` value: lowercase method, space, path and query as sent.
    pub fn request_target(&self) -> &str {
        &self.request_target
    }

    /// The signed header names in signing order (`date (request-target) host ...`).
    pub fn signed_header_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.signed.iter().map(|(name, _)| *name)
    }

    /// The exact text that is signed: `name: value` lines joined by `\n`, no final newline.
    pub fn signing_string(&self) -> &str {
        &self.signing_string
    }

    /// Signs with the credentials' key and builds the `Authorization` header.
    ///
    /// # Errors
    ///
    /// [`SigningError::Crypto`] if the RSA operation fails.
    pub fn sign(self, credentials: &Credentials) -> Result<SigningOutput, SigningError> {
        let signature = BASE64.encode(
            credentials
                .key()
                .sign_rsa_sha256(self.signing_string.as_bytes())?,
        );
        let key_id = credentials.key_id().as_str();
        let mut names_len = 0;
        for (name, _) in &self.signed {
            names_len += name.len() + 1;
        }
        let mut authorization =
            String::with_capacity(90 + names_len + key_id.len() + signature.len());
        // Parameter order as the OCI Python SDK writes it; the service accepts any order.
        authorization.push_str("Signature algorithm=\"rsa-sha256\",headers=\"");
        for (i, (name, _)) in self.signed.iter().enumerate() {
            if i > 0 {
                authorization.push(' ');
            }
            authorization.push_str(name);
        }
        authorization.push_str("\",keyId=\"");
        authorization.push_str(key_id);
        authorization.push_str("\",signature=\"");
        authorization.push_str(&signature);
        authorization.push_str("\",version=\"1\"");
        Ok(SigningOutput {
            to_sign: self,
            signature,
            authorization,
        })
    }
}

/// The result of signing: the headers to set on the request.
///
/// `Debug` redacts the signature and the `Authorization` value.
#[derive(Clone)]
pub struct SigningOutput {
    to_sign: StringToSign,
    signature: String,
    authorization: String,
}

impl fmt::Debug for SigningOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningOutput")
            .field("signed_headers", &self.to_sign.signed)
            .field("authorization", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl SigningOutput {
    /// Every header the request must carry for the signature to verify, in signing order,
    /// then `authorization`. Setting all of them is safe: headers the caller had already set
    /// come back with the same value.
    pub fn headers(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        self.to_sign
            .signed
            .iter()
            .filter(|(name, _)| *name != REQUEST_TARGET)
            .map(|(name, value)| (*name, value.as_str()))
            .chain(std::iter::once((
                "authorization",
                self.authorization.as_str(),
            )))
    }

    /// The full `Authorization` header value.
    pub fn authorization(&self) -> &str {
        &self.authorization
    }

    /// The base64 RSA signature.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// The stage before signing: request target, signed headers, signing string.
    pub fn string_to_sign(&self) -> &StringToSign {
        &self.to_sign
    }

    /// The signing string (no secret: anyone who sees the request can rebuild it).
    pub fn signing_string(&self) -> &str {
        &self.to_sign.signing_string
    }

    /// The `(request-target)` value.
    pub fn request_target(&self) -> &str {
        &self.to_sign.request_target
    }
}

const REQUEST_TARGET: &str = "(request-target)";

/// Formats a time as an HTTP date (IMF-fixdate), the form OCI's `date` header takes.
pub fn http_date(time: SystemTime) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let time = DateTime::<Utc>::from(time);
    // Field by field: a strftime pattern would be parsed again on every request.
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        time.weekday(),
        time.day(),
        MONTHS[time.month0() as usize % 12],
        time.year(),
        time.hour(),
        time.minute(),
        time.second()
    )
}

/// Builds the signing string for `request` (stage one of two).
///
/// The header list follows the OCI SDKs: `date (request-target) host` for every method, plus
/// `content-length content-type x-content-sha256` for POST, PUT and PATCH unless
/// [`BodyHeaders::Exclude`] is set. `x-date` replaces `date` when the caller set it. Missing
/// values are filled in: `date` from `time`, `host` from the URL, `content-length` and
/// `x-content-sha256` from the body, `content-type` as `application/json` (as the SDKs do,
/// even for an empty body).
///
/// # Errors
///
/// [`SigningError::ContentLengthMismatch`] when the caller's `content-length` disagrees with
/// the body.
pub fn prepare(
    request: &SignableRequest<'_>,
    time: SystemTime,
    settings: &SigningSettings,
) -> Result<StringToSign, SigningError> {
    let method = request.method();
    let sign_body = settings.body_headers == BodyHeaders::Sign
        && ["POST", "PUT", "PATCH"]
            .iter()
            .any(|m| m.eq_ignore_ascii_case(method));

    let mut signed: Vec<Header> = Vec::with_capacity(if sign_body { 6 } else { 3 });
    match (request.header("x-date"), request.header("date")) {
        (Some(x_date), _) => signed.push(("x-date", x_date.to_owned())),
        (None, Some(date)) => signed.push(("date", date.to_owned())),
        (None, None) => signed.push(("date", http_date(time))),
    }
    let path_and_query = request.path_and_query();
    let mut request_target = String::with_capacity(method.len() + 1 + path_and_query.len());
    request_target.extend(method.chars().map(|c| c.to_ascii_lowercase()));
    request_target.push(' ');
    request_target.push_str(path_and_query);
    signed.push((REQUEST_TARGET, request_target.clone()));
    signed.push(("host", request.host().to_owned()));

    if sign_body {
        let body = request.body();
        let actual = body.len();
        let content_length = match request.header("content-length") {
            Some(given) if given.trim().parse::<u64>().ok() != Some(actual) => {
                return Err(SigningError::ContentLengthMismatch {
                    given: given.to_owned(),
                    actual,
                });
            }
            _ => actual.to_string(),
        };
        signed.push(("content-length", content_length));
        // The SDKs' defaults: JSON, but raw bytes for a body streamed from a file.
        let default_content_type = match body {
            SignableBody::Precomputed { .. } => "application/octet-stream",
            _ => "application/json",
        };
        signed.push((
            "content-type",
            request
                .header("content-type")
                .unwrap_or(default_content_type)
                .to_owned(),
        ));
        // A caller-supplied hash is trusted, as the SDKs do: it lets a caller sign a large
        // body it has already hashed while streaming it.
        let sha256 = match (request.header("x-content-sha256"), body) {
            (Some(given), _) => given.to_owned(),
            (None, SignableBody::Precomputed { sha256_base64, .. }) => sha256_base64.to_owned(),
            (None, SignableBody::Bytes(bytes)) => body_sha256(bytes),
            (None, _) => body_sha256(&[]),
        };
        signed.push(("x-content-sha256", sha256));
    }

    let mut signing_string =
        String::with_capacity(signed.iter().map(|(n, v)| n.len() + v.len() + 3).sum());
    for (i, (name, value)) in signed.iter().enumerate() {
        if i > 0 {
            signing_string.push('\n');
        }
        signing_string.push_str(name);
        signing_string.push_str(": ");
        signing_string.push_str(value);
    }
    Ok(StringToSign {
        request_target,
        signed,
        signing_string,
    })
}

/// Signs `request`: [`prepare`] then [`StringToSign::sign`].
///
/// # Errors
///
/// See [`prepare`] and [`StringToSign::sign`].
pub fn sign(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
) -> Result<SigningOutput, SigningError> {
    prepare(request, params.time, &params.settings)?.sign(params.credentials)
}

/// Standard base64 of the SHA-256 of `body`: the `x-content-sha256` value.
pub fn body_sha256(body: &[u8]) -> String {
    BASE64.encode(ring::digest::digest(&ring::digest::SHA256, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn http_date_is_imf_fixdate() {
        // 2025-06-10T12:00:00Z
        let time = UNIX_EPOCH + Duration::from_secs(1_749_556_800);
        assert_eq!(http_date(time), "Tue, 10 Jun 2025 12:00:00 GMT");
        // 2026-01-04T05:06:07Z: every short field padded.
        let time = UNIX_EPOCH + Duration::from_secs(1_767_503_167);
        assert_eq!(http_date(time), "Sun, 04 Jan 2026 05:06:07 GMT");
        // Each month's name, against chrono's own.
        for month in 0..12_u64 {
            let time = UNIX_EPOCH + Duration::from_secs(1_767_503_167 + month * 31 * 86_400);
            let expected = DateTime::<Utc>::from(time)
                .format("%a, %d %b %Y %H:%M:%S GMT")
                .to_string();
            assert_eq!(http_date(time), expected);
        }
    }

    #[test]
    fn empty_body_hash_is_the_sha256_of_nothing() {
        assert_eq!(
            body_sha256(b""),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn content_length_mismatch_is_refused() {
        let request = SignableRequest::new(
            "POST",
            "https://h.example/a",
            [("content-length", "3")],
            SignableBody::Bytes(b"four"),
        )
        .unwrap();
        let error = prepare(&request, UNIX_EPOCH, &SigningSettings::default()).unwrap_err();
        assert!(matches!(
            error,
            SigningError::ContentLengthMismatch { actual: 4, .. }
        ));
    }

    /// A body hashed by the caller (streamed from a file) defaults to raw bytes, as the SDKs
    /// sign it; a content type the caller set wins.
    #[test]
    fn a_precomputed_body_defaults_to_octet_stream() {
        let content_type = |headers: &[(&str, &str)]| {
            let body = SignableBody::Precomputed {
                sha256_base64: "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
                content_length: 0,
            };
            let request =
                SignableRequest::new("PUT", "https://h.example/o", headers.iter().copied(), body)
                    .unwrap();
            let to_sign = prepare(&request, UNIX_EPOCH, &SigningSettings::default()).unwrap();
            to_sign
                .signing_string()
                .lines()
                .find_map(|line| line.strip_prefix("content-type: "))
                .map(str::to_owned)
        };
        assert_eq!(
            content_type(&[]).as_deref(),
            Some("application/octet-stream")
        );
        assert_eq!(
            content_type(&[("content-type", "text/csv")]).as_deref(),
            Some("text/csv")
        );
    }

    #[test]
    fn get_signs_three_headers_and_post_six() {
        let get =
            SignableRequest::new("get", "https://h.example/", [], SignableBody::Empty).unwrap();
        let names: Vec<_> = prepare(&get, UNIX_EPOCH, &SigningSettings::default())
            .unwrap()
            .signed_header_names()
            .collect();
        assert_eq!(names, ["date", "(request-target)", "host"]);

        let post =
            SignableRequest::new("post", "https://h.example/", [], SignableBody::Empty).unwrap();
        let to_sign = prepare(&post, UNIX_EPOCH, &SigningSettings::default()).unwrap();
        assert_eq!(
            to_sign.signed_header_names().collect::<Vec<_>>(),
            [
                "date",
                "(request-target)",
                "host",
                "content-length",
                "content-type",
                "x-content-sha256"
            ]
        );
        assert!(
            to_sign
                .signing_string()
                .contains("\ncontent-type: application/json\n")
        );
        assert!(to_sign.request_target().starts_with("post /"));

        let excluded = prepare(&post, UNIX_EPOCH, &SigningSettings::exclude_body()).unwrap();
        assert_eq!(excluded.signed_header_names().count(), 3);
    }
}

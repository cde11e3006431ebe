//! Signs HTTP requests for Oracle Cloud Infrastructure (OCI) APIs exactly as the official OCI
//! SDKs do, from an OCI config file or from keys you load yourself.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use oci_signer::{Credentials, KeyId, PrivateKey, SignableBody, SignableRequest, SigningParams};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // A throwaway 2048-bit test key; real programs load theirs with `ConfigFileProvider`.
//! let key = PrivateKey::from_pem(include_bytes!("../tests/data/oci-test-key-2048.pkcs1.pem"), None)?;
//! let credentials = Credentials::new(
//!     KeyId::api_key("ocid1.tenancy.oc1..aaaaaaaatesttenancy", "ocid1.user.oc1..aaaaaaaatestuser", key.fingerprint()),
//!     key,
//! );
//!
//! let body = br#"{"compartmentId":"ocid1.compartment.oc1..aaaaaaaatestcompartment","servingMode":{"servingType":"ON_DEMAND","modelId":"cohere.command-r-plus-08-2024"},"chatRequest":{"apiFormat":"COHERE","message":"Say hello in one word.","maxTokens":20,"temperature":0,"isStream":false}}"#;
//! let request = SignableRequest::new(
//!     "POST",
//!     "https://inference.generativeai.us-chicago-1.oci.oraclecloud.com/20231130/actions/chat",
//!     [("content-type", "application/json")],
//!     SignableBody::Bytes(body),
//! )?;
//! // Tue, 10 Jun 2025 12:00:00 GMT: the date of the official SDK's test vectors.
//! let time = UNIX_EPOCH + Duration::from_secs(1_749_556_800);
//! let signed = oci_signer::sign(&request, &SigningParams::new(&credentials, time))?;
//!
//! for (name, value) in signed.headers() {
//!     // date, host, content-length, content-type, x-content-sha256, authorization
//!     assert!(!value.is_empty(), "{name}");
//! }
//! // Byte for byte what the OCI Python SDK 2.189 produces for this request.
//! assert!(signed.authorization().starts_with(
//!     r#"Signature algorithm="rsa-sha256",headers="date (request-target) host content-length content-type x-content-sha256",keyId="ocid1.tenancy.oc1..aaaaaaaatesttenancy/ocid1.user.oc1..aaaaaaaatestuser/b9:0d:45:33:f8:6e:53:c6:6f:12:43:62:b1:ee:2d:86",signature="WkodE0MsxuDozJxqc6fE1Tra"#
//! ));
//! # Ok(())
//! # }
//! ```
//!
//! With an OCI config file (`~/.oci/config`):
//!
//! ```no_run
//! use oci_signer::{ConfigFileProvider, ProvideCredentials, config};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let path = config::default_config_path(&config::ProcessEnv)?;
//! let provider = ConfigFileProvider::load(&path, "DEFAULT")?;
//! for warning in provider.warnings() {
//!     eprintln!("warning: {warning}");
//! }
//! let credentials = provider.provide_credentials().await?;
//! # let _ = credentials;
//! # Ok(())
//! # }
//! ```
//!
//! The command-line example `sign_request` in the workspace's `examples/` signs one request
//! from a config file and prints every header:
//!
//! ```text
//! cargo run -q -p examples --example sign_request -- --config ~/.oci/config --profile DEFAULT \
//!     --method POST --url https://inference.generativeai.us-chicago-1.oci.oraclecloud.com/20231130/actions/chat \
//!     --body-file chat.json
//! ```
//!
//! # What is signed
//!
//! | method | `headers=` |
//! | --- | --- |
//! | GET, HEAD, DELETE (any method without a signed body) | `date (request-target) host` |
//! | POST, PUT, PATCH | `date (request-target) host content-length content-type x-content-sha256` |
//! | any, with [`BodyHeaders::Exclude`] (Object Storage uploads) | `date (request-target) host` |
//!
//! `x-date` replaces `date` when the caller set it. `host` carries the port only when it is not
//! the scheme's default, as HTTP clients send it. `content-type` defaults to
//! `application/json`, even for an empty body. The `Authorization` parameters come in the
//! Python SDK's order: `algorithm, headers, keyId, signature, version`.
//!
//! # Keys
//!
//! [`PrivateKey::from_pem`] reads PKCS#1, PKCS#8, encrypted PKCS#8 (PBES2 with AES or 3DES)
//! and OpenSSL's legacy encrypted PKCS#1 (`Proc-Type: 4,ENCRYPTED`), skips other PEM blocks
//! (a public key kept in the same file), ignores the `OCI_API_KEY` label line OCI suggests
//! appending, and refuses public keys, non-RSA keys and sizes outside 2048..=4096 bits with a
//! clear [`KeyError`].
//!
//! # Design
//!
//! - **Independent of any HTTP library.** The core takes a [`SignableRequest`] (method, URL,
//!   headers, body) and returns a [`SigningOutput`] (headers to set). The `http1` feature adds
//!   [`sign_http_request`] for `http::Request`.
//! - **Time is an input.** [`SigningParams::time`] is never read from the clock inside, so
//!   signing is deterministic under test; long-lived callers hold a [`TimeSource`].
//! - **The body is explicit**, because OCI signs its SHA-256. Callers must send exactly those
//!   bytes, with `content-length` (never chunked encoding).
//! - **Keys are parsed once** and shared ([`PrivateKey`] is an `Arc`), so signing from many
//!   tasks costs one RSA operation each and nothing else of note.
//! - **Secrets stay out of `Debug` and errors**: keys print their fingerprint, token key ids
//!   their length, [`SigningOutput`] redacts the signature.
//! - **Re-sign on every retry.** OCI rejects a `date` more than five minutes off, so callers
//!   sign inside their retry loop with a fresh time.
//!
//! # Features
//!
//! | feature | default | adds |
//! | --- | --- | --- |
//! | `http1` | yes | [`SignableRequest::from_http`], [`SigningOutput::apply_to_headers`], [`sign_http_request`] |
//!
//! # MSRV
//!
//! The `rust-version` in `Cargo.toml` (1.88).

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod config;
mod credentials;
mod error;
#[cfg(feature = "http1")]
mod http_request;
mod key;
mod request;
mod signing;
mod time;

pub use credentials::{
    ConfigFileProvider, ConfigWarning, Credentials, KeyId, ProvideCredentials, ProvideFuture,
};
pub use error::{ConfigError, CredentialsError, KeyError, SigningError};
#[cfg(feature = "http1")]
pub use http_request::sign_http_request;
pub use key::{PrivateKey, fingerprint_of};
pub use request::{SignableBody, SignableRequest};
pub use signing::{
    BodyHeaders, Header, SigningOutput, SigningParams, SigningSettings, StringToSign, body_sha256,
    http_date, prepare, sign,
};
pub use time::{FixedTimeSource, SystemTimeSource, TimeSource};

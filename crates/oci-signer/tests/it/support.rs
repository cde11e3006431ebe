//! Shared helpers: the vector file and the test keys.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oci_signer::{PrivateKey, SignableBody, SignableRequest};
use serde::Deserialize;

pub(crate) const PASSPHRASE: &str = "test-passphrase";

/// `tests/data/<name>`.
pub(crate) fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

pub(crate) fn read_data(name: &str) -> Vec<u8> {
    std::fs::read(data_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub(crate) fn load_key(name: &str, passphrase: Option<&str>) -> PrivateKey {
    PrivateKey::from_pem(&read_data(name), passphrase.map(str::as_bytes))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Tue, 10 Jun 2025 12:00:00 GMT, the vectors' fixed date.
pub(crate) fn vector_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_749_556_800)
}

#[derive(Debug, Deserialize)]
pub(crate) struct VectorFile {
    pub(crate) identities: Identities,
    pub(crate) vectors: Vec<Vector>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Identities {
    pub(crate) session_token: String,
    pub(crate) resource_principal_rpst: String,
    pub(crate) instance_principal_token_returned_by_mock: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Vector {
    pub(crate) name: String,
    pub(crate) key_file: Option<String>,
    pub(crate) key_id: Option<String>,
    pub(crate) request: Option<VectorRequest>,
    pub(crate) expected: Expected,
}

#[derive(Debug, Deserialize)]
pub(crate) struct VectorRequest {
    pub(crate) method: String,
    pub(crate) url: String,
    pub(crate) headers_in: std::collections::BTreeMap<String, String>,
    pub(crate) exclude_body_headers: bool,
    pub(crate) clock_frozen_at: Option<String>,
    pub(crate) body: Option<String>,
    pub body_base64: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Expected {
    pub(crate) request_target: Option<String>,
    pub(crate) signed_headers: Option<Vec<String>>,
    pub(crate) signing_string: Option<String>,
    pub(crate) signature: Option<String>,
    pub(crate) authorization: Option<String>,
    #[serde(default)]
    pub(crate) headers: std::collections::BTreeMap<String, String>,
}

impl VectorRequest {
    /// The vector's request as signing input; `body` is what `body_bytes` returned.
    pub(crate) fn signable<'a>(&'a self, body: Option<&'a [u8]>) -> SignableRequest<'a> {
        SignableRequest::new(
            &self.method,
            &self.url,
            self.headers_in
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str())),
            body.map_or(SignableBody::Empty, SignableBody::Bytes),
        )
        .unwrap()
    }

    pub(crate) fn body_bytes(&self) -> Option<Vec<u8>> {
        use base64::Engine as _;
        if let Some(b64) = &self.body_base64 {
            return Some(
                base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .unwrap(),
            );
        }
        self.body.as_ref().map(|text| text.as_bytes().to_vec())
    }
}

/// The shared vectors made by `gen_vectors.py`.
pub(crate) const VECTORS: &str = "oci-signing-vectors.json";
/// The vectors made by `gen_extra_vectors.py` for cases the shared ones miss.
pub(crate) const EXTRA_VECTORS: &str = "oci-signing-extra-vectors.json";

pub(crate) fn vectors() -> VectorFile {
    serde_json::from_slice(&read_data(VECTORS)).unwrap()
}

pub(crate) fn vector_in(file: &str, name: &str) -> Vector {
    let all: Vec<Vector> = serde_json::from_slice::<ExtraVectorFile>(&read_data(file))
        .unwrap()
        .vectors;
    all.into_iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("vector {name} is missing from {file}"))
}

pub(crate) fn vector(name: &str) -> Vector {
    vector_in(VECTORS, name)
}

#[derive(Debug, Deserialize)]
pub(crate) struct ExtraVectorFile {
    pub(crate) vectors: Vec<Vector>,
}

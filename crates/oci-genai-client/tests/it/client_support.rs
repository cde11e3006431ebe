//! Helpers for the client tests: the test key, clocks, credentials
//! providers, request bodies, and a signature check that does not use
//! `oci-signer`'s signing code.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use futures_util::StreamExt as _;
use oci_genai_client::client::{
    ChatStream, Client, ClientBuilder, Error, Proxy, RetryConfig, Timeouts,
};
use oci_genai_client::wire::{
    ChatContent, ChatDetails, ChatRequest, ChatStreamEvent, GenericChatRequest, Message,
    ServingMode, StreamOptions, UserMessage,
};
use oci_signer::{Credentials, KeyId, PrivateKey, ProvideCredentials, ProvideFuture, TimeSource};

use crate::scripted_server::Recorded;

pub(crate) const TENANCY: &str = "ocid1.tenancy.oc1..aaaaaaaatesttenancy";
pub(crate) const USER: &str = "ocid1.user.oc1..aaaaaaaatestuser";
pub(crate) const COMPARTMENT: &str = "ocid1.compartment.oc1..aaaaaaaatestcompartment";

fn signer_data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../oci-signer/tests/data")
        .join(name)
}

/// The workspace's 2048-bit test key as API-key credentials.
pub(crate) fn credentials() -> Credentials {
    let pem = std::fs::read(signer_data("oci-test-key-2048.pkcs1.pem")).unwrap();
    let key = PrivateKey::from_pem(&pem, None).unwrap();
    Credentials::new(KeyId::api_key(TENANCY, USER, key.fingerprint()), key)
}

pub(crate) fn key_id() -> String {
    credentials().key_id().as_str().to_owned()
}

/// A clock that moves one minute forward each time it is read, so every
/// signature of a call carries a different date.
#[derive(Debug)]
pub(crate) struct SteppingClock {
    reads: AtomicU64,
}

impl SteppingClock {
    pub(crate) fn new() -> Self {
        Self {
            reads: AtomicU64::new(0),
        }
    }
}

impl TimeSource for SteppingClock {
    fn now(&self) -> SystemTime {
        let n = self.reads.fetch_add(1, Ordering::SeqCst);
        // Tue, 10 Jun 2025 12:00:00 GMT, then a minute per read.
        UNIX_EPOCH + Duration::from_secs(1_749_556_800 + 60 * n)
    }
}

/// Credentials that count how often they were asked for and invalidated.
#[derive(Debug)]
pub(crate) struct CountingProvider {
    credentials: Credentials,
    pub(crate) provided: AtomicUsize,
    pub(crate) invalidated: AtomicUsize,
}

impl CountingProvider {
    pub(crate) fn new() -> Self {
        Self {
            credentials: credentials(),
            provided: AtomicUsize::new(0),
            invalidated: AtomicUsize::new(0),
        }
    }
}

impl ProvideCredentials for CountingProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        self.provided.fetch_add(1, Ordering::SeqCst);
        ProvideFuture::ready(Ok(self.credentials.clone()))
    }

    fn invalidate(&self) {
        self.invalidated.fetch_add(1, Ordering::SeqCst);
    }
}

/// Fast retries, short limits, direct connections: what most tests use.
pub(crate) fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .credentials(credentials())
        .proxy(Proxy::none())
        .retry(
            RetryConfig::default()
                .with_initial_backoff(Duration::from_millis(20))
                .with_max_backoff(Duration::from_millis(50)),
        )
        .timeouts(
            Timeouts::default()
                .with_connect(Duration::from_secs(2))
                .with_request(Duration::from_secs(10))
                .with_stream_idle(Duration::from_secs(5))
                .with_usage_wait(Duration::from_millis(300)),
        )
}

pub(crate) fn client(base_url: &str) -> Client {
    builder(base_url).build().unwrap()
}

/// A GENERIC chat request.
pub(crate) fn chat_details(model: &str, max_tokens: Option<u32>, usage: bool) -> ChatDetails {
    ChatDetails {
        compartment_id: COMPARTMENT.into(),
        serving_mode: ServingMode::on_demand(model),
        chat_request: ChatRequest::Generic(GenericChatRequest {
            messages: vec![Message::User(UserMessage {
                content: Some(vec![ChatContent::text("Is it raining in Paris?")]),
                ..Default::default()
            })],
            max_tokens,
            stream_options: usage.then_some(StreamOptions {
                is_include_usage: Some(true),
            }),
            ..Default::default()
        }),
    }
}

/// Reads a stream to its end: the events, and the error that ended it.
pub(crate) async fn drain(stream: &mut ChatStream) -> (Vec<ChatStreamEvent>, Option<Error>) {
    let mut events = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(event) => events.push(event),
            Err(error) => {
                assert!(stream.next().await.is_none(), "an error ends the stream");
                return (events, Some(error));
            }
        }
    }
    (events, None)
}

/// What a verified signature covered.
#[derive(Debug)]
pub(crate) struct Verified {
    pub(crate) key_id: String,
    pub(crate) headers: Vec<String>,
    pub(crate) date: String,
}

/// Checks a received request's signature the way OCI does, from the request
/// alone: rebuilds the signing string from the `headers=` list and the
/// received method, target and header values, checks the RSA signature with
/// the test public key (ring), and checks the body against
/// `x-content-sha256` and `content-length`.
pub(crate) fn verify_signature(request: &Recorded) -> Verified {
    let authorization = request.header("authorization").expect("no authorization");
    let params = authorization
        .strip_prefix("Signature ")
        .expect("not a Signature authorization");
    let param = |name: &str| -> String {
        params
            .split(',')
            .find_map(|part| part.strip_prefix(&format!("{name}=\"")))
            .and_then(|rest| rest.strip_suffix('"'))
            .unwrap_or_else(|| panic!("no {name} in {authorization}"))
            .to_owned()
    };
    assert_eq!(param("algorithm"), "rsa-sha256");
    assert_eq!(param("version"), "1");
    let headers: Vec<String> = param("headers").split(' ').map(str::to_owned).collect();
    let lines: Vec<String> = headers
        .iter()
        .map(|name| match name.as_str() {
            "(request-target)" => format!(
                "(request-target): {} {}",
                request.method.as_str().to_ascii_lowercase(),
                request.uri.path_and_query().unwrap().as_str()
            ),
            name => format!(
                "{name}: {}",
                request
                    .header(name)
                    .unwrap_or_else(|| panic!("signed header {name} not sent"))
            ),
        })
        .collect();
    let signature = BASE64.decode(param("signature")).unwrap();
    let public_key = ring::signature::UnparsedPublicKey::new(
        &ring::signature::RSA_PKCS1_2048_8192_SHA256,
        rsa_public_key(),
    );
    public_key
        .verify(lines.join("\n").as_bytes(), &signature)
        .unwrap_or_else(|_| panic!("signature does not verify over {lines:#?}"));

    if request.method == http::Method::POST {
        let digest = ring::digest::digest(&ring::digest::SHA256, &request.body);
        assert_eq!(
            request.header("x-content-sha256"),
            Some(BASE64.encode(digest).as_str())
        );
        assert_eq!(
            request.header("content-length"),
            Some(request.body.len().to_string().as_str())
        );
        for name in ["content-length", "content-type", "x-content-sha256"] {
            assert!(headers.iter().any(|h| h == name), "{name} not signed");
        }
    }
    Verified {
        key_id: param("keyId"),
        date: request.header("date").expect("no date").to_owned(),
        headers,
    }
}

/// The test key's RSAPublicKey (PKCS#1), from its SubjectPublicKeyInfo PEM.
fn rsa_public_key() -> Vec<u8> {
    let pem = std::fs::read_to_string(signer_data("oci-test-key-2048.pub.pem")).unwrap();
    let base64: String = pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    let spki = BASE64.decode(base64).unwrap();
    // SEQUENCE { SEQUENCE { rsaEncryption, NULL }, BIT STRING (no unused bits) {
    // RSAPublicKey } } for a 2048-bit key: a fixed 24-byte header.
    const HEADER: [u8; 24] = [
        0x30, 0x82, 0x01, 0x22, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01,
        0x01, 0x01, 0x05, 0x00, 0x03, 0x82, 0x01, 0x0f, 0x00,
    ];
    assert_eq!(
        spki[..24],
        HEADER,
        "not a 2048-bit RSA SubjectPublicKeyInfo"
    );
    spki[24..].to_vec()
}

//! Starting a mock, and a small signed HTTP client for it.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{HeaderMap, Request, StatusCode};
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use oci_genai_client::sse::Decoder;
use oci_genai_client::wire::{ChatResult, ChatStreamEvent, ErrorBody};
use oci_genai_mock::{MockConfig, MockServer, test_identity};
use oci_signer::{Credentials, KeyId, PrivateKey, SignableBody, SigningParams};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

pub(crate) const CHAT: &str = "/20231130/actions/chat";
pub(crate) const EMBED: &str = "/20231130/actions/embedText";

/// How long a test waits for bytes that should come.
const PATIENCE: Duration = Duration::from_secs(10);

/// Who signs requests.
#[derive(Clone)]
pub(crate) struct Signer {
    credentials: Credentials,
    /// The signing time; `None` for now.
    time: Option<SystemTime>,
}

impl Signer {
    /// The built-in test identity, which the default configuration trusts.
    pub(crate) fn test_identity() -> Self {
        let key = PrivateKey::from_pem(test_identity::TEST_ONLY_PRIVATE_KEY_PEM.as_bytes(), None)
            .unwrap();
        Self {
            credentials: Credentials::new(KeyId::from_raw(test_identity::test_only_key_id()), key),
            time: None,
        }
    }

    /// A key of the signer crate's test data, with an API-key id.
    pub(crate) fn signer_test_key(file: &str) -> Self {
        let key = PrivateKey::from_pem(&signer_data(file), None).unwrap();
        let key_id = KeyId::api_key(
            "ocid1.tenancy.oc1..aaaaaaaatesttenancy",
            "ocid1.user.oc1..aaaaaaaatestuser",
            key.fingerprint(),
        );
        Self {
            credentials: Credentials::new(key_id, key),
            time: None,
        }
    }

    /// The test identity's key behind an `ST$` session token.
    pub(crate) fn session_token(token: &str) -> Self {
        let key = PrivateKey::from_pem(test_identity::TEST_ONLY_PRIVATE_KEY_PEM.as_bytes(), None)
            .unwrap();
        Self {
            credentials: Credentials::new(KeyId::security_token(token), key),
            time: None,
        }
    }

    /// The same signer with a fixed signing time.
    pub(crate) fn at(mut self, time: SystemTime) -> Self {
        self.time = Some(time);
        self
    }
}

pub(crate) fn signer_data(file: &str) -> Vec<u8> {
    let path = format!(
        "{}/../oci-signer/tests/data/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

pub(crate) fn client_fixture(file: &str) -> String {
    let path = format!(
        "{}/../oci-genai-client/tests/data/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// A JWT whose `exp` is `exp` seconds after the epoch.
pub(crate) fn jwt(exp: u64) -> String {
    use base64::Engine as _;
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(format!(r#"{{"sub":"ocid1.user.oc1..x","exp":{exp}}}"#));
    format!("eyJhbGciOiJSUzI1NiJ9.{payload}.c2lnbmF0dXJl")
}

/// A whole answer.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Reply {
    pub(crate) fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&self.body)))
    }

    pub(crate) fn chat(&self) -> ChatResult {
        assert_eq!(
            self.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        self.json()
    }

    pub(crate) fn error(&self) -> ErrorBody {
        ErrorBody::from_json(&self.body).unwrap()
    }

    /// Asserts an OCI error answer with this status and code.
    pub(crate) fn assert_error(&self, status: StatusCode, code: &str) -> ErrorBody {
        assert_eq!(
            self.status,
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        assert!(self.headers.contains_key("opc-request-id"));
        assert_eq!(self.headers["content-type"], "application/json");
        let error = self.error();
        assert_eq!(error.code.as_deref(), Some(code), "{error:?}");
        error
    }
}

/// How a streamed answer ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum End {
    /// The body ended normally.
    Finished,
    /// The body failed mid-way (the connection dropped).
    Broken,
    /// Nothing more came for the hold-check time, but the body stayed open.
    HeldOpen,
}

/// A streamed answer.
#[derive(Debug)]
pub(crate) struct Stream {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    /// The data of every event, in order.
    pub(crate) data: Vec<String>,
    pub(crate) end: End,
}

impl Stream {
    /// The events that are JSON, parsed as the client parses them.
    pub(crate) fn events(&self) -> Vec<ChatStreamEvent> {
        self.data
            .iter()
            .filter(|data| data.as_str() != "[DONE]")
            .map(|data| {
                ChatStreamEvent::from_json(data.as_bytes())
                    .unwrap_or_else(|error| panic!("{error}: {data}"))
            })
            .collect()
    }

    /// The events as JSON values.
    pub(crate) fn values(&self) -> Vec<Value> {
        self.data
            .iter()
            .filter(|data| data.as_str() != "[DONE]")
            .map(|data| serde_json::from_str(data).unwrap())
            .collect()
    }
}

/// A running mock and a client for it.
pub(crate) struct Mock {
    pub(crate) server: MockServer,
    client: Client<HttpConnector, Full<Bytes>>,
}

pub(crate) async fn start() -> Mock {
    start_with(MockConfig::default()).await
}

pub(crate) async fn start_with(config: MockConfig) -> Mock {
    let server = MockServer::start(config).await.unwrap();
    Mock {
        server,
        client: Client::builder(TokioExecutor::new()).build_http(),
    }
}

/// A chat request body for `model`.
pub(crate) fn chat_body(model: &str, chat_request: Value) -> Value {
    json!({
        "compartmentId": test_identity::TEST_ONLY_COMPARTMENT,
        "servingMode": {"servingType": "ON_DEMAND", "modelId": model},
        "chatRequest": chat_request,
    })
}

/// A GENERIC request with one user message.
pub(crate) fn generic(text: &str) -> Value {
    json!({
        "apiFormat": "GENERIC",
        "messages": [{"role": "USER", "content": [{"type": "TEXT", "text": text}]}],
    })
}

/// Adds fields to a JSON object.
pub(crate) fn with(mut value: Value, fields: Value) -> Value {
    let object = value.as_object_mut().unwrap();
    for (key, field) in fields.as_object().unwrap() {
        object.insert(key.clone(), field.clone());
    }
    value
}

impl Mock {
    pub(crate) fn url(&self) -> String {
        self.server.url()
    }

    /// A signed request, not yet sent.
    pub(crate) fn request(
        &self,
        method: &str,
        path_and_query: &str,
        body: Option<Vec<u8>>,
        signer: &Signer,
    ) -> Request<Full<Bytes>> {
        let mut builder = Request::builder()
            .method(method)
            .uri(format!("{}{path_and_query}", self.url()));
        if body.is_some() {
            builder = builder.header("content-type", "application/json");
        }
        let bytes = body.unwrap_or_default();
        let mut request = builder.body(Full::new(Bytes::from(bytes.clone()))).unwrap();
        let signable = if method == "GET" {
            SignableBody::Empty
        } else {
            SignableBody::Bytes(&bytes)
        };
        let params = SigningParams::new(
            &signer.credentials,
            signer.time.unwrap_or_else(SystemTime::now),
        );
        oci_signer::sign_http_request(&mut request, signable, &params).unwrap();
        request
    }

    pub(crate) async fn send(&self, request: Request<Full<Bytes>>) -> Reply {
        let response = tokio::time::timeout(PATIENCE, self.client.request(request))
            .await
            .expect("the mock answers")
            .unwrap();
        let (parts, body) = response.into_parts();
        let body = tokio::time::timeout(PATIENCE, body.collect())
            .await
            .expect("the body ends")
            .unwrap()
            .to_bytes();
        Reply {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    /// Sends a request and returns the response before reading its body.
    pub(crate) async fn open(&self, request: Request<Full<Bytes>>) -> http::Response<Incoming> {
        tokio::time::timeout(PATIENCE, self.client.request(request))
            .await
            .expect("the mock answers")
            .unwrap()
    }

    pub(crate) async fn post(&self, path: &str, body: &Value) -> Reply {
        let request = self.request(
            "POST",
            path,
            Some(serde_json::to_vec(body).unwrap()),
            &Signer::test_identity(),
        );
        self.send(request).await
    }

    pub(crate) async fn get(&self, path_and_query: &str) -> Reply {
        let request = self.request("GET", path_and_query, None, &Signer::test_identity());
        self.send(request).await
    }

    pub(crate) async fn chat(&self, model: &str, chat_request: Value) -> Reply {
        self.post(CHAT, &chat_body(model, chat_request)).await
    }

    /// Streams a chat answer. A body still open `hold_check` after its last
    /// event counts as held open.
    pub(crate) async fn stream(
        &self,
        model: &str,
        chat_request: Value,
        hold_check: Duration,
    ) -> Stream {
        let body = chat_body(model, with(chat_request, json!({"isStream": true})));
        let request = self.request(
            "POST",
            CHAT,
            Some(serde_json::to_vec(&body).unwrap()),
            &Signer::test_identity(),
        );
        let response = self.open(request).await;
        read_stream(response, hold_check).await
    }
}

/// Reads an event stream until it ends, breaks, or stays silent for
/// `hold_check`.
pub(crate) async fn read_stream(
    response: http::Response<Incoming>,
    hold_check: Duration,
) -> Stream {
    let (parts, mut body) = response.into_parts();
    let mut decoder = Decoder::new();
    let mut data = Vec::new();
    let end = loop {
        match tokio::time::timeout(hold_check.max(Duration::from_millis(1)), body.frame()).await {
            Err(_) => break End::HeldOpen,
            Ok(None) => break End::Finished,
            Ok(Some(Err(_))) => break End::Broken,
            Ok(Some(Ok(frame))) => {
                if let Ok(bytes) = frame.into_data() {
                    for event in decoder.push(&bytes) {
                        data.push(event.unwrap().into_data());
                    }
                }
            }
        }
    };
    for event in decoder.finish() {
        data.push(event.unwrap().into_data());
    }
    Stream {
        status: parts.status,
        headers: parts.headers,
        data,
        end,
    }
}

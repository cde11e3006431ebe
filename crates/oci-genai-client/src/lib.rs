//! The Oracle Cloud Infrastructure (OCI) Generative AI inference API in Rust:
//! its wire types, a sans-IO decoder for its server-sent event streams, the
//! rule that says when a streamed answer is complete, and (feature `client`)
//! an async HTTP client that signs, retries and streams.
//!
//! Decode a streamed chat answer (a GENERIC stream from a Meta Llama model,
//! read here from a fixture as a network client would receive it, in chunks)
//! and stop as soon as it is complete:
//!
//! ```
//! use oci_genai_client::sse::Decoder;
//! use oci_genai_client::stream_completion::{CompletionTracker, Progress};
//! use oci_genai_client::wire::ChatStreamEvent;
//!
//! let body = include_bytes!("../tests/data/sse/meta-llama-text.sse");
//!
//! let mut decoder = Decoder::new();
//! // The request set `streamOptions.isIncludeUsage`.
//! let mut tracker = CompletionTracker::new(true);
//! let mut text = String::new();
//! let mut usage = None;
//!
//! 'read: for chunk in body.chunks(100) {
//!     for event in decoder.push(chunk) {
//!         let event = event?;
//!         let progress = if event.is_done() {
//!             tracker.observe_done()
//!         } else {
//!             let event = ChatStreamEvent::from_json(event.data().as_bytes())?;
//!             if let ChatStreamEvent::Generic(generic) = &event {
//!                 text.extend(generic.text());
//!             }
//!             usage = usage.or_else(|| event.usage().cloned());
//!             tracker.observe(&event)
//!         };
//!         if progress == Progress::Complete {
//!             break 'read; // drop the connection: some streams never close
//!         }
//!     }
//! }
//!
//! assert!(tracker.is_complete());
//! assert_eq!(text, "It is 18 °C in Paris — take an umbrella ☔.");
//! assert_eq!(usage.and_then(|u| u.total_tokens), Some(54));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Build a request:
//!
//! ```
//! use oci_genai_client::wire::{
//!     ChatContent, ChatDetails, ChatRequest, GenericChatRequest, Message, ServingMode,
//!     StreamOptions, UserMessage,
//! };
//!
//! let details = ChatDetails {
//!     compartment_id: "ocid1.compartment.oc1..example".into(),
//!     serving_mode: ServingMode::on_demand("meta.llama-3.3-70b-instruct"),
//!     chat_request: ChatRequest::Generic(GenericChatRequest {
//!         messages: vec![Message::User(UserMessage {
//!             content: Some(vec![ChatContent::text("Is it raining in Paris?")]),
//!             ..Default::default()
//!         })],
//!         is_stream: Some(true),
//!         stream_options: Some(StreamOptions { is_include_usage: Some(true) }),
//!         max_tokens: Some(512),
//!         ..Default::default()
//!     }),
//! };
//! let body = serde_json::to_string(&details)?;
//! assert!(body.starts_with(r#"{"compartmentId":"ocid1.compartment.oc1..example","servingMode":{"servingType":"ON_DEMAND""#));
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
#![cfg_attr(
    feature = "client",
    doc = r##"
# The HTTP client

[`client::Client`] calls OCI: chat, streamed chat, embeddings and the model
list, each request signed by an `oci-signer` credentials provider, over
pooled HTTP/1.1 and HTTP/2 connections with rustls.

```no_run
use futures_util::StreamExt as _;
use oci_genai_client::client::Client;
use oci_genai_client::wire::{
    ChatContent, ChatDetails, ChatRequest, GenericChatRequest, Message, ServingMode,
    UserMessage,
};
use oci_signer::{ConfigFileProvider, config};

# async fn run() -> Result<(), Box<dyn std::error::Error>> {
let path = config::default_config_path(&config::ProcessEnv)?;
let client = Client::builder()
    .region("us-chicago-1")
    .credentials(ConfigFileProvider::load(&path, "DEFAULT")?)
    .build()?;

let details = ChatDetails {
    compartment_id: "ocid1.compartment.oc1..example".into(),
    serving_mode: ServingMode::on_demand("cohere.command-a-03-2025"),
    chat_request: ChatRequest::Generic(GenericChatRequest {
        messages: vec![Message::User(UserMessage {
            content: Some(vec![ChatContent::text("Is it raining in Paris?")]),
            ..Default::default()
        })],
        max_tokens: Some(512),
        ..Default::default()
    }),
};
// Ends right after the answer, even if the server keeps the connection open.
let mut stream = client.chat_stream(&details).await?;
while let Some(event) = stream.next().await {
    println!("{:?}", event?);
}
# Ok(())
# }
```

The same client offline: a [`client::Transport`] stands in for the network
(tests and embedders use this seam; everything else runs as for real: the
request is serialized, signed and decoded).

```
use bytes::Bytes;
use oci_genai_client::client::{Client, ResponseBody, Transport, TransportFuture};
use oci_genai_client::wire::{ChatDetails, ChatRequest, GenericChatRequest, ServingMode};
use oci_signer::{Credentials, KeyId, PrivateKey};

/// Answers every request with a recorded chat result.
#[derive(Debug)]
struct Recorded;

impl Transport for Recorded {
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
        let signed = request.headers()["authorization"].as_bytes().starts_with(b"Signature ");
        let body: &'static [u8] = include_bytes!("../tests/data/oci-examples/generic-chat-result.json");
        Box::pin(async move {
            assert!(signed);
            let mut response = http::Response::new(ResponseBody::from_bytes(body));
            response.headers_mut().insert("opc-request-id", "RECORDED-1".parse().unwrap());
            Ok(response)
        })
    }
}

// A throwaway test key; real programs use a `ConfigFileProvider`.
let key = PrivateKey::from_pem(
    include_bytes!("../../oci-signer/tests/data/oci-test-key-2048.pkcs1.pem"),
    None,
)?;
let key_id = KeyId::api_key("ocid1.tenancy.oc1..t", "ocid1.user.oc1..u", key.fingerprint());
let client = Client::builder()
    .region("us-chicago-1")
    .credentials(Credentials::new(key_id, key))
    .transport(Recorded)
    .build()?;

let details = ChatDetails {
    compartment_id: "ocid1.compartment.oc1..example".into(),
    serving_mode: ServingMode::on_demand("meta.llama-3.3-70b-instruct"),
    chat_request: ChatRequest::Generic(GenericChatRequest::default()),
};
let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build()?;
let answer = runtime.block_on(async { client.chat(&details).await })?;
assert_eq!(answer.opc_request_id, "RECORDED-1");
assert_eq!(answer.attempts, 1);
assert_eq!(answer.value.model_id, "meta.llama-3.3-70b-instruct");
# Ok::<(), Box<dyn std::error::Error>>(())
```
"##
)]
//! # Modules
//!
//! * [`wire`]: request and response bodies of `actions/chat`,
//!   `actions/embedText` and the control plane's model list, the streamed chat
//!   events of all three API formats (GENERIC, COHERE, COHEREV2), and error
//!   bodies. Names follow the OCI SDK models.
//! * [`sse`]: a sans-IO `text/event-stream` decoder.
//! * [`stream_completion`]: when a stream is complete, per model family.
//! * `client` (feature `client`): the async HTTP client: endpoints and
//!   realms, signing, retries, timeouts, streams, TLS and proxies. The
//!   reasoning behind its rules is in the repository's `docs/client.md`.
//!
//! # Design
//!
//! * **Sans-IO core.** Nothing here performs IO, spawns tasks or reads the
//!   clock, so the same code serves the HTTP client, the translation layer
//!   and a mock of the service, and is tested without a network. The
//!   decoder takes bytes and returns events; the tracker takes events and
//!   returns a verdict.
//! * **Faithful, lossless wire types.** Every type serializes back to the JSON
//!   it was read from (absent stays absent), so a mock server can produce
//!   exactly what OCI sends. Open enums keep values this crate does not know
//!   (`Other(String)`), and tagged unions keep unknown variants
//!   (`Other(serde_json::Value)`), so a new model or field value never breaks
//!   parsing of the rest.
//! * **Shapes as observed, not only as specified.** The SDK describes requests
//!   and non-streaming answers; stream events have no SDK types, and the live
//!   service leaves out fields the SDK calls required. Those types follow the
//!   captures (every stream field optional, `text`-less `TEXT` parts, id-less
//!   tool calls, `pad` filler, `serviceTier` on every OpenAI event).
//! * **One completion rule.** How a stream ends differs per model family
//!   (`[DONE]` or not, usage on the finish event or after it, connections
//!   left open). [`stream_completion`] holds that rule with its evidence so
//!   the HTTP client and the translation layer cannot disagree.
//! * **Fast streaming path.** The decoder copies data in bulk, finds line ends
//!   eight bytes at a time and never buffers more than one event;
//!   [`wire::ChatStreamEvent::from_json`] parses GENERIC events in a single
//!   pass and reads tagged unions straight from the input when the tag comes
//!   first, as OCI sends it.
//! * **A thin client around that core** (feature `client`). The HTTP client
//!   decodes streams with the same decoder and completion rule, signs inside
//!   its retry loop, and keeps the network behind a one-method `Transport`
//!   trait. Retries happen only before any byte of an answer reaches the
//!   caller; every error keeps the `opc-request-id`.
//!
//! # Features
//!
//! | feature | default | enables |
//! | --- | --- | --- |
//! | `client` | yes | the `client` module: an async HTTP client on hyper 1.x (hyper-util's pooled client), rustls with the ring provider, and tokio, signing with `oci-signer`. Without it (`default-features = false`) the crate depends only on `serde`, `serde_json` and `thiserror`, and `wire`, `sse` and `stream_completion` are still available. |
//!
//! The minimum supported Rust version is the workspace's `rust-version` (1.88).

#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod client;
mod scan;
pub mod sse;
pub mod stream_completion;
pub mod wire;

/// The README's examples, compiled and run as doctests so they cannot drift
/// (with the default features, since one of them uses the client).
#[cfg(all(doctest, feature = "client"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

//! A stand-in for Oracle Cloud Infrastructure (OCI) Generative AI that
//! verifies request signatures like the real service and answers chat,
//! embedding and model-list requests in the exact wire shapes of each model
//! family, with scriptable faults, so that tests and benchmarks never need
//! OCI.
//!
//! Start it on `127.0.0.1:0`, sign a request with the built-in test-only
//! identity (which [`MockConfig::default()`] trusts) and call it:
//!
//! ```
//! use bytes::Bytes;
//! use http_body_util::{BodyExt as _, Full};
//! use hyper_util::client::legacy::Client;
//! use hyper_util::rt::TokioExecutor;
//! use oci_genai_client::wire::{ChatResponse, ChatResult};
//! use oci_genai_mock::{MockConfig, MockServer, test_identity};
//! use oci_signer::{Credentials, KeyId, PrivateKey, SignableBody, SigningParams};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = MockServer::start(MockConfig::default()).await?;
//!
//! let body = serde_json::to_vec(&serde_json::json!({
//!     "compartmentId": test_identity::TEST_ONLY_COMPARTMENT,
//!     "servingMode": {"servingType": "ON_DEMAND", "modelId": "meta.llama-3.3-70b-instruct"},
//!     "chatRequest": {
//!         "apiFormat": "GENERIC",
//!         "messages": [{"role": "USER", "content": [{"type": "TEXT", "text": "Is it raining in Paris?"}]}],
//!         "maxTokens": 100
//!     }
//! }))?;
//! let mut request = http::Request::post(format!("{}/20231130/actions/chat", mock.url()))
//!     .header("content-type", "application/json")
//!     .body(Full::new(Bytes::from(body.clone())))?;
//! let key = PrivateKey::from_pem(test_identity::TEST_ONLY_PRIVATE_KEY_PEM.as_bytes(), None)?;
//! let credentials = Credentials::new(KeyId::from_raw(test_identity::test_only_key_id()), key);
//! oci_signer::sign_http_request(
//!     &mut request,
//!     SignableBody::Bytes(&body),
//!     &SigningParams::new(&credentials, std::time::SystemTime::now()),
//! )?;
//!
//! let client = Client::builder(TokioExecutor::new()).build_http();
//! let response = client.request(request).await?;
//! assert_eq!(response.status(), 200);
//! assert!(response.headers().contains_key("opc-request-id"));
//! let bytes = response.into_body().collect().await?.to_bytes();
//! let result: ChatResult = serde_json::from_slice(&bytes)?;
//! let ChatResponse::Generic(answer) = result.chat_response else {
//!     panic!("a Meta model answers in GENERIC");
//! };
//! assert_eq!(answer.choices[0].finish_reason, "stop");
//!
//! mock.shutdown().await?;
//! # Ok(())
//! # }
//! ```
//!
//! The `oci-genai-mock` binary serves the same mock: `oci-genai-mock --listen
//! 127.0.0.1:8080 --public-key ~/.oci/key_public.pem`.
//!
//! # Design
//!
//! * **An independent signature check.** [`verify`] rebuilds the signing
//!   string from the request exactly as received and checks it with ring,
//!   without any code of the project's signer, so a bug in the signer cannot
//!   be mirrored here and pass. It is unit-tested with the official SDK's
//!   signing vectors.
//! * **Shapes from captures, built with the client's wire types.** Answers are
//!   values of `oci_genai_client::wire` serialized with serde, so the mock
//!   and the types agree; where OCI's families differ (first event, `pad`,
//!   tool-call fragments, finish event, usage placement, `[DONE]`, held-open
//!   connections), a per-family table reproduces what was captured live.
//! * **Behaviour rides in the request.** The family comes from the model id's
//!   vendor prefix and per-request faults from `[mock:…]` markers in the last
//!   user message, so real model ids and ordinary clients pass through the
//!   gateway unchanged and each test scripts its own requests. Run-wide
//!   faults come from [`Faults`].
//! * **Deterministic.** The same request gets the same answer (ids, `pad`,
//!   text; only `timeCreated` and `opc-request-id` differ); random faults
//!   follow a seed.
//! * **Never the bottleneck, never a panic.** A plain hyper 1.x server
//!   (HTTP/1.1 keep-alive and HTTP/2); answers built in one pass and sent
//!   from prebuilt frames without a task per stream (events go out in one
//!   write unless a delay separates them); RSA verification with ring, about
//!   20 µs (`cargo bench -p oci-genai-mock --bench mock`). Bad input of any
//!   kind becomes an OCI error answer.
//!
//! # What it serves
//!
//! | request | answer |
//! | --- | --- |
//! | `POST /20231130/actions/chat` | `ChatResult`, or `text/event-stream` when `isStream`; GENERIC, COHERE and COHEREV2 |
//! | `POST /20231130/actions/embedText` | `EmbedTextResult`: deterministic unit vectors, `embeddingsByType` for `embeddingTypes` |
//! | `GET /20231130/models?compartmentId=…` | `ModelCollection` pages (`limit`, `page`, `opc-next-page`), filtered by `capability`, `vendor`, `lifecycleState`, `displayName`, `id`; sorted by `sortBy`/`sortOrder` |
//! | `GET /health` | `{"status":"ok"}`, without signature |
//!
//! Every answer carries `opc-request-id` (the request's, or 32 new hex
//! digits). Errors are OCI's `{"code","message"}`:
//!
//! | when | status and code |
//! | --- | --- |
//! | signature missing or wrong, date off by more than five minutes, body digest or length wrong, unknown key, expired `ST$` token | 401 `NotAuthenticated` |
//! | model id (or dedicated endpoint) not in the catalog; unknown path | 404 `NotAuthorizedOrNotFound` (`Entity with key <model> not found`) |
//! | known path, other method | 405 `MethodNotAllowed` |
//! | body not JSON | 400 `CannotParseRequest` |
//! | `compartmentId` (or another required field) missing or empty | 400 `MissingParameter` |
//! | wrong field types, empty `messages`, an `apiFormat` the model does not take, a model without the capability, an unknown `[mock:…]` marker | 400 `InvalidParameter` |
//! | `maxTokens` sent to `openai.gpt-5*`, `openai.o1*`, `openai.o3*`, `openai.o4*` | 400 with `code: "400"` and OpenAI's error as a JSON string in `message` (`param: "maxTokens"`, `code: "unsupported_parameter"`) |
//! | body over the limit | 413 `RequestEntityTooLarge` |
//!
//! The catalog is `data/models.json` (current OCI model ids) plus
//! [`MockConfig::extra_models`]. A `DEDICATED` serving mode with an
//! `ocid1.generativeaiendpoint.…` id answers as
//! [`MockConfig::dedicated_model`].
//!
//! # Wire shapes by model family
//!
//! The family is the model id's vendor prefix. Streams are `data: {json}`
//! events separated by blank lines.
//!
//! | family | stream | finish event | usage (asked with `streamOptions.isIncludeUsage`) | after the finish |
//! | --- | --- | --- | --- | --- |
//! | `meta.` (and unknown vendors) | empty first event, deltas with `pad`; tool calls: id + name, then id-less argument fragments | `{"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":""}]},"finishReason":"stop","pad":…}` (`stop` even after tool calls, as captured) | a usage-only event after the finish | `data: [DONE]` |
//! | `openai.` | `serviceTier: "default"` on every event; fragmented tool calls with `type` on each fragment | `{"finishReason":"stop","pad":…,"serviceTier":"default"}` | after the finish, with token details | nothing |
//! | `openai.gpt-oss` | the opening tool fragment already carries arguments | `{"finishReason":"stop","pad":…}` | after the finish | nothing |
//! | `xai.` | each tool call whole, with its id | bare `{"finishReason":"stop"}` | after the finish | nothing |
//! | `google.` | each tool call whole, no id, next to `{"type":"TEXT"}` | bare `{"finishReason":"stop"}`, `max_tokens` when cut | **always**, without `completionTokens` when cut | nothing |
//! | `cohere.`, COHERE | `{"apiFormat":"COHERE","text":…,"pad":…}` deltas; a tool turn repeats the text with `toolCalls` | `finishReason: "COMPLETE"` (`MAX_TOKENS` when cut) with `chatHistory` | **on the finish event** | the connection stays open |
//! | `cohere.`, COHEREV2 | `message.content` deltas (`THINKING`, then `TEXT`); tool turns: `toolPlan` deltas, then each call | `{"apiFormat":"COHEREV2","message":{"role":"ASSISTANT"},"finishReason":"COMPLETE"}` (`TOOL_CALL`, `MAX_TOKENS`, `STOP_SEQUENCE`) | on the finish event | the connection stays open |
//!
//! A held-open stream ends when the client hangs up, after
//! [`MockConfig::stream_hold_open`] (five minutes), or at shutdown.
//!
//! # The mock model
//!
//! * A **token** is a word: a run of non-whitespace characters. Stream deltas
//!   are one token each (with the whitespace before it), so the deltas joined
//!   are the answer. `promptTokens` counts the words of every message, tool
//!   result and earlier tool call in the request; `completionTokens` those of
//!   the answer, the reasoning, and each tool call (one for the name plus the
//!   words of its arguments); `totalTokens` is their sum.
//! * **Text turns** answer `This is a mock answer to "<first 12 words of the
//!   last user message>".`, cut at the first stop sequence (`stop`,
//!   `stopSequences`) and after `maxTokens`/`maxCompletionTokens` tokens
//!   (finish `length`, `max_tokens` or `MAX_TOKENS`). With a JSON response
//!   format the answer is JSON (a minimal instance of the schema).
//! * **Tool turns:** `toolChoice` REQUIRED calls the first tool, a named
//!   function calls that one, AUTO calls only on `[mock:tool]` or
//!   `[mock:parallel]`, NONE never; arguments are a minimal valid instance
//!   of the tool's JSON schema (required properties, first enum values,
//!   bounds, nested objects and arrays; Cohere V1 parameter definitions
//!   too).
//! * **After tool results** (a trailing TOOL message, or Cohere
//!   `toolResults`) it answers `The <tool> tool returned <result>.`.
//! * `reasoningEffort` above NONE, COHEREV2 `thinking`, or `[mock:reasoning]`
//!   add reasoning (`reasoningContent`, `THINKING`).
//!
//! # Markers
//!
//! Written anywhere in the last user message (for `embedText`, the first
//! input); several may be combined. An unknown marker is a 400, so a typo in
//! a test cannot pass silently.
//!
//! | marker | effect |
//! | --- | --- |
//! | `[mock:tool]`, `[mock:tool name=NAME]` | call the first offered tool, or NAME |
//! | `[mock:parallel]` | call every offered tool |
//! | `[mock:429]`, `retry-after=SECS`, `times=N` | 429 `TooManyRequests` with `retry-after` (default [`Faults::retry_after`], 0 s) |
//! | `[mock:500 times=N]`, `[mock:503 times=N]` | 500 `InternalServerError` / 503 `ServiceUnavailable`; with `times=N` only the first N attempts of the same body (counted by its SHA-256) fail, then it succeeds |
//! | `[mock:401 times=N]` | 401 `NotAuthenticated`, as for an expired token (for re-sign-on-401 tests) |
//! | `[mock:404]` | 404 `NotAuthorizedOrNotFound` for the model |
//! | `[mock:cut after=N]` | drop the connection after N events (default 3) without finishing the chunked body; a JSON answer is cut half-way under a `content-length` for all of it |
//! | `[mock:slow ms=N]` | N ms between events (default [`Faults::slow_delay`], 200 ms); a JSON answer trickles in four pieces |
//! | `[mock:malformed]` | the JSON answer is cut half-way but complete on the wire; in a stream, the first content event is |
//! | `[mock:echo]` | answer with the message itself, markers removed |
//! | `[mock:reasoning]` | reason first |
//! | `[mock:length tokens=N]` | stop after N tokens (default 3) as if `maxTokens` ran out |
//! | `[mock:long words=N]` | answer with N words (default 200, at most 100 000) |
//!
//! # Flags of the binary
//!
//! | flag | default | [`MockConfig`] field |
//! | --- | --- | --- |
//! | `--listen ADDR` | `127.0.0.1:0` (the address is printed on stdout) | |
//! | `--public-key FILE` (repeatable) | none | `trusted_keys` |
//! | `--trust-test-key` | off: the binary trusts only `--public-key` keys | `trust_test_key` (on by default in the library) |
//! | `--model ID` (repeatable) | none | `extra_models` |
//! | `--dedicated-model ID` | `meta.llama-3.3-70b-instruct` | `dedicated_model` |
//! | `--latency-ms MS` | 0 | `faults.first_byte_latency` |
//! | `--event-delay-ms MS` | 0 | `faults.event_delay` |
//! | `--slow-delay-ms MS` | 200 | `faults.slow_delay` |
//! | `--fault-rate P` | 0 | `faults.fault_rate` |
//! | `--fault-status 429\|500\|503` | 503 | `faults.fault_status` |
//! | `--seed N` | 0 | `faults.seed` |
//! | `--retry-after SECS` | 0 | `faults.retry_after` |
//! | `--hold-open-secs SECS` | 300 | `stream_hold_open` |
//! | `--max-clock-skew-secs SECS` | 300 | `max_clock_skew` |
//! | `--max-body-bytes BYTES` | 20 MiB | `max_body_bytes` |
//!
//! Logs go to stderr, filtered by `RUST_LOG`.
//!
//! # The test identity
//!
//! [`test_identity`] holds a fixed RSA-2048 key pair, tenancy, user and
//! compartment OCIDs and the key's fingerprint, **for tests only**: its
//! private key is published in this crate, so it must never be trusted by
//! anything but this mock. The library trusts it by default; the binary
//! only with `--trust-test-key`.
//!
//! # Features
//!
//! None. The minimum supported Rust version is the workspace's
//! `rust-version` (1.88).

#![cfg_attr(docsrs, feature(doc_cfg))]

mod api_error;
mod body;
mod catalog;
mod chat;
mod config;
mod delivery;
mod embed;
mod error;
mod family;
mod faults;
mod markers;
mod model_list;
mod query;
mod random;
mod request_id;
mod request_json;
mod schema_instance;
mod server;
mod service;
mod serving;
pub mod test_identity;
mod tokens;
pub mod verify;

pub use config::{DEFAULT_DEDICATED_MODEL, Faults, MockConfig};
pub use error::MockError;
pub use server::{MockServer, serve};

/// The README's example, compiled as a doctest so it cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

//! Serde types for the OpenAI chat completions, embeddings, models and error APIs, as real
//! clients send them: lenient when reading, lossless on round-trip, exact when writing.
//!
//! ```
//! use openai_types::chat::{
//!     ChatChoice, ChatChoiceStream, ChatCompletionRequestMessage, ChatCompletionResponseMessage,
//!     ChatCompletionStreamResponseDelta, CreateChatCompletionRequest,
//!     CreateChatCompletionResponse, CreateChatCompletionStreamResponse, FinishReason,
//! };
//! use openai_types::usage::CompletionUsage;
//!
//! // A request OpenClaw sent after a tool call. The capture wraps the body in HTTP metadata.
//! #[derive(serde::Deserialize)]
//! struct Capture {
//!     body: CreateChatCompletionRequest,
//! }
//! let capture: Capture = serde_json::from_str(include_str!(
//!     "../tests/data/openclaw-requests/openclaw-exec-tool-turn-2-with-tool-result.json"
//! ))?;
//! let request = capture.body;
//! assert_eq!(request.model, "mock-model");
//! assert_eq!(request.token_limit(), Some(4096));
//! assert!(request.include_usage());
//! assert_eq!(request.tools.as_ref().map(Vec::len), Some(11));
//!
//! // The assistant turn called `read` and had no text; the tool answered it.
//! let ChatCompletionRequestMessage::Assistant(turn) = &request.messages[2] else {
//!     panic!("expected the assistant turn");
//! };
//! assert_eq!(turn.content, None);
//! let ChatCompletionRequestMessage::Tool(result) = &request.messages[3] else {
//!     panic!("expected the tool result");
//! };
//! assert_eq!(result.content.as_text(), Some("hello from file 42\n"));
//!
//! // A non-streaming answer: `content`, `refusal`, `logprobs` and `finish_reason` are always
//! // written, as OpenAI writes them.
//! let response = CreateChatCompletionResponse {
//!     id: "chatcmpl-1".into(),
//!     created: 1_764_048_840,
//!     model: request.model.clone(),
//!     choices: vec![ChatChoice {
//!         message: ChatCompletionResponseMessage {
//!             content: Some("It says: hello from file 42".into()),
//!             ..Default::default()
//!         },
//!         finish_reason: Some(FinishReason::Stop),
//!         ..Default::default()
//!     }],
//!     usage: Some(CompletionUsage::new(9_000, 8)),
//!     ..Default::default()
//! };
//! let json = serde_json::to_value(&response)?;
//! assert_eq!(json["object"], "chat.completion");
//! assert_eq!(json["choices"][0]["message"]["refusal"], serde_json::Value::Null);
//! assert_eq!(json["usage"]["total_tokens"], 9_008);
//!
//! // One streamed chunk. `None` delta fields are omitted; `usage`, `logprobs` and
//! // `finish_reason` are `null` until the end.
//! let mut chunk = CreateChatCompletionStreamResponse::new("chatcmpl-1", 1_764_048_840, "mock-model");
//! chunk.choices.push(ChatChoiceStream {
//!     delta: ChatCompletionStreamResponseDelta {
//!         content: Some("It says".into()),
//!         ..Default::default()
//!     },
//!     ..Default::default()
//! });
//! assert_eq!(
//!     serde_json::to_string(&chunk)?,
//!     r#"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1764048840,"model":"mock-model","choices":[{"index":0,"delta":{"content":"It says"},"logprobs":null,"finish_reason":null}],"usage":null}"#
//! );
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # Modules
//!
//! | module | endpoint | main types |
//! | --- | --- | --- |
//! | [`chat`] | `POST /v1/chat/completions` | [`CreateChatCompletionRequest`](chat::CreateChatCompletionRequest), [`CreateChatCompletionResponse`](chat::CreateChatCompletionResponse), [`CreateChatCompletionStreamResponse`](chat::CreateChatCompletionStreamResponse) |
//! | [`embeddings`] | `POST /v1/embeddings` | [`CreateEmbeddingRequest`](embeddings::CreateEmbeddingRequest), [`CreateEmbeddingResponse`](embeddings::CreateEmbeddingResponse) |
//! | [`models`] | `GET /v1/models` | [`ListModelsResponse`](models::ListModelsResponse), [`Model`](models::Model) |
//! | [`error`] | any non-2xx answer | [`ErrorResponse`](error::ErrorResponse), [`ErrorObject`](error::ErrorObject) |
//! | [`usage`] | token counts | [`CompletionUsage`](usage::CompletionUsage) |
//!
//! Type and field names are the OpenAPI component and property names, so the
//! [API reference](https://platform.openai.com/docs/api-reference) can be searched for any of
//! them.
//!
//! # Design
//!
//! - **Lenient reader.** A gateway reads requests from many clients and responses from
//!   backends that are only OpenAI-*like*. Unknown fields never fail a parse: the top-level
//!   requests keep them in an `extra` map and write them back, so a request round-trips
//!   without loss. Nested structs ignore unknown fields instead of collecting them. An
//!   explicit `null` reads like a missing key for every optional field.
//! - **One pass over a request.** serde's derived readers for `#[serde(flatten)]` and for
//!   enums tagged by a key (`role`, `type`) copy each object into an intermediate tree and
//!   read it again; the requests, messages, content parts, tools and tool calls here are read
//!   in a single pass instead (tag first, as every client writes it; a tag after other keys
//!   still reads), which halves the cost of parsing a 44 KB agent request.
//! - **Schemas stay text.** A tool's `parameters` ([`FunctionParameters`](chat::FunctionParameters))
//!   is checked to be JSON and kept as its text: a backend usually forwards it unchanged, and
//!   building a tree for each of an agent's schemas would cost more than the rest of the request
//!   together. [`to_value`](chat::FunctionParameters::to_value) builds the tree on demand.
//! - **Text stays a literal.** Message text and text parts are [`JsonString`]s, which keep the
//!   JSON literal they were read from: a gateway copies a 25 KB system prompt into its
//!   backend's request as it came, instead of unescaping it on the way in and scanning and
//!   escaping it again on the way out. The value is decoded when first read (a `JsonString`
//!   dereferences to `str`), or as the request is read for text with `\u` escapes; built
//!   from a Rust string, a `JsonString` is written with serde_json's escaping.
//! - **Open enums.** Values that grow over time ([`FinishReason`](chat::FinishReason),
//!   [`Role`](chat::Role), [`ServiceTier`](chat::ServiceTier),
//!   [`ReasoningEffort`](chat::ReasoningEffort), tool-choice modes, image detail, encoding
//!   format, ...) are `#[non_exhaustive]` enums with an `Other(String)` variant that keeps an
//!   unknown value verbatim: OpenRouter's `finish_reason: "eos"` or a new service tier must
//!   not break a response. `""` where a value is optional (`finish_reason` from SGLang and
//!   Perplexity) reads as absent.
//! - **Exact writer.** `None` is omitted, except where OpenAI itself writes `null` and clients
//!   index the key. Written as `null` when `None`:
//!   - response message `content` and `refusal`;
//!   - `finish_reason` and `logprobs` of every choice, streamed or not;
//!   - logprobs' `content` and `refusal`, and each token's `bytes`;
//!   - a chunk's `usage` (OpenAI sends `"usage": null` on every chunk but the last when
//!     `include_usage` is set);
//!   - the error's `param` and `code`;
//!   - in requests, an assistant message's `content` (what OpenClaw, pi-ai and the SDKs send
//!     on tool-call turns) and the deprecated function message's `content`.
//!
//!   Each such field says so in its docs.
//! - **No untagged enums.** String-or-array fields are told apart by the JSON type of the
//!   value, which is faster than serde's try-each-variant and reports a useful error instead
//!   of "data did not match any variant". (`content` reads the value's text first, so that a
//!   string keeps its literal; a part that does not fit is named by its index.)
//! - **Plain data.** Structs have public fields and `Default`, so other crates build them with
//!   struct literals; objects with a fixed `object` value set it in `Default`.
//!
//! The crate depends only on `serde`, `serde_json` (with its `raw_value` feature) and
//! `json-literal`, and has no features. MSRV: the
//! workspace `rust-version` (1.88).

#![cfg_attr(docsrs, feature(doc_cfg))]

mod macros;
mod single_pass;

pub mod chat;
pub mod embeddings;
pub mod error;
pub mod models;
pub mod usage;

/// A JSON string kept as the literal it was read from; message text is held in one.
pub use json_literal::JsonString;

// The README's example is compiled and run as a doctest so it cannot drift from the crate.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

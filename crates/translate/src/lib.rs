//! The pure mapping between the OpenAI API and OCI Generative AI: requests, answers, streams,
//! embeddings, the model list and errors. No I/O, no clock, no randomness: ids and times
//! come in from the caller.
//!
//! A streamed chat turn, the way the gateway runs it:
//!
//! ```
//! use oci_genai_client::sse::Decoder;
//! use oci_genai_client::wire::ChatStreamEvent;
//! use openai_types::chat::{ChatCompletionRequestMessage, CreateChatCompletionRequest};
//! use translate::{AliasSettings, ChunkTranslator, ModelCatalog, RequestOptions, ResponseContext, chat_request};
//!
//! let catalog = ModelCatalog::default()
//!     .with_alias("llama", AliasSettings::new("meta.llama-3.3-70b-instruct"));
//! let request = CreateChatCompletionRequest::new("llama", vec![ChatCompletionRequestMessage::user("Rain in Paris?")])
//!     .with_stream(true);
//!
//! // 1. Request: resolve the model, translate, send `translated.value` to OCI.
//! let target = catalog.resolve(&request.model)?;
//! let translated = chat_request(&request, &target, &RequestOptions::new("ocid1.compartment.oc1..x"))?;
//! assert!(translated.dropped.is_empty()); // else: log them at debug level
//!
//! // 2. Answer: one translator per stream, fed with OCI's events.
//! let ctx = ResponseContext::for_request("chatcmpl-7", 1_764_000_000, &request, &translated.value);
//! let mut translator = ChunkTranslator::new(ctx);
//! let mut sse = String::new();
//! let mut decoder = Decoder::new();
//! for event in decoder.push(include_bytes!("../tests/data/sse/meta-llama-text.sse")) {
//!     let event = event.expect("valid SSE");
//!     let chunks = if event.is_done() {
//!         translator.push_done()
//!     } else {
//!         translator.push(&ChatStreamEvent::from_json(event.data().as_bytes()).expect("JSON"))?
//!     };
//!     for chunk in chunks {
//!         sse.push_str(&format!("data: {}\n\n", serde_json::to_string(&chunk).unwrap()));
//!     }
//!     if translator.is_complete() {
//!         break; // stop reading: some OCI streams never close
//!     }
//! }
//! sse.push_str("data: [DONE]\n\n"); // always the gateway's own, exactly once
//! assert!(sse.contains(r#""delta":{"content":" umbrella"}"#));
//! assert!(sse.contains(r#""usage":{"prompt_tokens":42,"completion_tokens":12,"total_tokens":54}"#));
//! # Ok::<(), translate::TranslateError>(())
//! ```
//!
//! # API
//!
//! | function | from | to |
//! | --- | --- | --- |
//! | [`ModelCatalog::resolve`] | client `model` | [`Target`] (model id or endpoint, rules) |
//! | [`chat_request`] | [`CreateChatCompletionRequest`](openai_types::chat::CreateChatCompletionRequest) | [`Translated`]`<`[`ChatDetails`](oci_genai_client::wire::ChatDetails)`>` |
//! | [`chat_response`] | [`ChatResult`](oci_genai_client::wire::ChatResult) | [`CreateChatCompletionResponse`](openai_types::chat::CreateChatCompletionResponse) |
//! | [`ChunkTranslator`] | [`ChatStreamEvent`](oci_genai_client::wire::ChatStreamEvent)s | [`Chunk`]s |
//! | [`embed_request`], [`embed_response`] | embeddings | `embedText` and back |
//! | [`models_list`] | [`ModelCatalog`] + [`ModelCollection`](oci_genai_client::wire::ModelCollection) | [`ListModelsResponse`](openai_types::models::ListModelsResponse) |
//! | [`error_response`] | OCI error answer | status + [`ErrorResponse`](openai_types::error::ErrorResponse) |
//!
//! Every mapping choice is a row of `docs/translation.md`, with its evidence.
//!
//! # Design
//!
//! * **Sans-IO, deterministic.** Functions take values and return values. Completion ids and
//!   timestamps come from the caller ([`ResponseContext`]); tool-call ids OCI leaves out are
//!   derived from the completion id and the call's position, so a retry or a test sees the
//!   same ids. The one piece of state, a [`SchemaMemo`] the caller may put in
//!   [`RequestOptions`], changes what translating an agent's tools costs, never the result.
//! * **Rules as data.** Which API format, token-limit field and `developer` role a model
//!   takes is one table ([`MODEL_RULES`]); aliases override it per model. Plain OCI ids pass
//!   through when they start with a vendor prefix ([`DEFAULT_VENDOR_PREFIXES`]), so a new OCI
//!   model needs no release.
//! * **Lenient where harmless, strict where meaning changes.** Parameters OCI has no field
//!   for and that do not change the answer (`store`, `user`, `prompt_cache_key`, unknown
//!   extras) are dropped and named in [`Translated::dropped`] for the gateway to log.
//!   Parameters whose loss would change the answer (`n` > 1 on Cohere, audio) fail with a
//!   [`TranslateError`] naming the field.
//! * **One completion rule.** [`ChunkTranslator`] decides when a stream is complete with
//!   [`CompletionTracker`](oci_genai_client::stream_completion::CompletionTracker), the same
//!   rule the HTTP client uses to stop reading.
//!
//! # Features
//!
//! None. The crate depends on `openai-types`, `oci-genai-client` without its HTTP client,
//! `serde`, `serde_json`, `thiserror` and `base64`; never on an async runtime or an HTTP
//! stack. MSRV: the workspace `rust-version` (1.88).

#![cfg_attr(docsrs, feature(doc_cfg))]

mod catalog;
mod embed;
mod error;
mod error_map;
mod ids;
mod models;
mod request;
mod response;
mod schema;
mod stream;
mod timestamp;

pub use catalog::{
    AliasSettings, ApiFormat, DEFAULT_VENDOR_PREFIXES, DeveloperRole, ENDPOINT_OCID_PREFIX,
    FormatRule, MODEL_OCID_PREFIX, MODEL_RULES, ModelCatalog, ModelRule, Target, TokenLimitField,
    model_rule,
};
pub use embed::{EmbedContext, embed_request, embed_response};
pub use error::TranslateError;
pub use error_map::{ErrorContext, error_response};
pub use ids::synthesized_call_id;
pub use models::{ALIAS_OWNER, models_list};
pub use request::{RequestInput, RequestOptions, Translated, chat_request};
pub use response::{ResponseContext, chat_response};
pub use schema::{
    INLINED_STRING_BYTES, MAX_CHECKED_KEYS, MAX_INLINED_NODES, MAX_REF_DEPTH,
    SCHEMA_MEMO_MAX_BYTES, SCHEMA_MEMO_MAX_SCHEMAS, SchemaMemo, clean_schema,
    clean_schema_in_place, is_unchanged_by_cleaning,
};
pub use stream::{Chunk, ChunkTranslator};

/// The README's example, compiled and run as a doctest so it cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

//! Streaming chunks (`"object": "chat.completion.chunk"`), one per server-sent event.

use serde::{Deserialize, Serialize};

use super::message::Role;
use super::request::ServiceTier;
use super::response::{ChatChoiceLogprobs, FinishReason};
use super::tool::{ChatCompletionMessageToolCallChunk, FunctionCallStream};
use crate::macros::empty_as_none;
use crate::usage::CompletionUsage;

/// One chunk of a streamed chat completion.
///
/// [Spec](https://platform.openai.com/docs/api-reference/chat-streaming/streaming).
/// Every chunk of a stream has the same `id` and `created`. With
/// `stream_options.include_usage`, a last chunk has `choices: []` and the `usage`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreateChatCompletionStreamResponse {
    /// The completion id, the same on every chunk.
    pub id: String,
    /// Always `"chat.completion.chunk"`.
    pub object: String,
    /// Unix time in seconds, the same on every chunk.
    pub created: u64,
    /// The model that answers.
    pub model: String,
    /// The tier that serves the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_tier: Option<ServiceTier>,
    /// The backend configuration fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_fingerprint: Option<String>,
    /// The deltas of this chunk; empty on the usage chunk.
    pub choices: Vec<ChatChoiceStream>,
    /// Token counts, on the last chunk only.
    ///
    /// Written as `null` when `None`: with `include_usage` (which OpenClaw always sets) OpenAI
    /// sends `"usage": null` on every other chunk, and every client reads `null` and a missing
    /// key alike.
    #[serde(default)]
    pub usage: Option<CompletionUsage>,
    /// Random padding OpenAI adds against length side channels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub obfuscation: Option<String>,
}

impl CreateChatCompletionStreamResponse {
    /// The `object` value of a chunk.
    pub const OBJECT: &'static str = "chat.completion.chunk";

    /// An empty chunk of the stream `id`; push choices or set `usage` on it.
    pub fn new(id: impl Into<String>, created: u64, model: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            created,
            model: model.into(),
            ..Self::default()
        }
    }
}

impl Default for CreateChatCompletionStreamResponse {
    fn default() -> Self {
        Self {
            id: String::new(),
            object: Self::OBJECT.to_owned(),
            created: 0,
            model: String::new(),
            service_tier: None,
            system_fingerprint: None,
            choices: Vec::new(),
            usage: None,
            obfuscation: None,
        }
    }
}

/// One choice of a chunk.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatChoiceStream {
    /// The position of the choice this delta extends.
    pub index: u32,
    /// What this chunk adds.
    pub delta: ChatCompletionStreamResponseDelta,
    /// Token log probabilities. Written as `null` when `None`: OpenAI always sends the key.
    #[serde(default)]
    pub logprobs: Option<ChatChoiceLogprobs>,
    /// Set on the last chunk of the choice. Written as `null` when `None` (every earlier chunk),
    /// as OpenAI does; read `""` as `None` (SGLang, Perplexity).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub finish_reason: Option<FinishReason>,
}

/// What one chunk adds to a choice.
///
/// OpenAI sends some of these keys as `null` and omits them in other chunks of the same
/// stream (`"refusal": null` only on the first); both read as `None`, and `None` is omitted
/// when writing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionStreamResponseDelta {
    /// `assistant`, on the first chunk only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The next piece of text (`""` on OpenAI's first chunk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// The next piece of reasoning text, from DeepSeek-style and OCI reasoning models. Not part
    /// of the OpenAI spec.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_content: Option<String>,
    /// The next piece of a refusal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
    /// Tool-call fragments, joined by their `index`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<ChatCompletionMessageToolCallChunk>>,
    /// A fragment of the deprecated function call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_call: Option<FunctionCallStream>,
}

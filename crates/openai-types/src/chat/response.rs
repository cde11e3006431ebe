//! The non-streaming chat completion response.

use serde::{Deserialize, Serialize};

use super::message::Role;
use super::request::ServiceTier;
use super::tool::{ChatCompletionMessageToolCalls, FunctionCall};
use crate::macros::{empty_as_none, string_enum};
use crate::usage::CompletionUsage;

string_enum! {
    /// Why the model stopped generating.
    pub enum FinishReason {
        /// `"stop"`: a natural end or a stop sequence.
        Stop = "stop",
        /// `"length"`: the token limit was reached.
        Length = "length",
        /// `"tool_calls"`: the model called tools.
        ToolCalls = "tool_calls",
        /// `"content_filter"`: content was withheld by a filter.
        ContentFilter = "content_filter",
        /// `"function_call"`: the deprecated function call.
        FunctionCall = "function_call",
    }
}

/// A chat completion (`"object": "chat.completion"`).
///
/// [Spec](https://platform.openai.com/docs/api-reference/chat/object).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreateChatCompletionResponse {
    /// A unique id, `chatcmpl-...`.
    pub id: String,
    /// Always `"chat.completion"`.
    pub object: String,
    /// Unix time in seconds.
    pub created: u64,
    /// The model that answered.
    pub model: String,
    /// One choice per `n`.
    pub choices: Vec<ChatChoice>,
    /// Token counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<CompletionUsage>,
    /// The tier that served the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_tier: Option<ServiceTier>,
    /// The backend configuration fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_fingerprint: Option<String>,
}

impl CreateChatCompletionResponse {
    /// The `object` value of a chat completion.
    pub const OBJECT: &'static str = "chat.completion";
}

impl Default for CreateChatCompletionResponse {
    fn default() -> Self {
        Self {
            id: String::new(),
            object: Self::OBJECT.to_owned(),
            created: 0,
            model: String::new(),
            choices: Vec::new(),
            usage: None,
            service_tier: None,
            system_fingerprint: None,
        }
    }
}

/// One choice of a chat completion.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatChoice {
    /// The position of this choice in `choices`.
    pub index: u32,
    /// The generated message.
    pub message: ChatCompletionResponseMessage,
    /// Why generation stopped. Written as `null` when `None`, as OpenAI's schema marks it
    /// required; read `""` as `None` (SGLang, Perplexity).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub finish_reason: Option<FinishReason>,
    /// Token log probabilities. Written as `null` when `None`: OpenAI always sends the key.
    #[serde(default)]
    pub logprobs: Option<ChatChoiceLogprobs>,
}

/// The message of a chat completion choice.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionResponseMessage {
    /// Always `assistant` from OpenAI.
    #[serde(default)]
    pub role: Role,
    /// The generated text. Written as `null` when `None` (a tool-call turn), exactly as OpenAI
    /// does.
    #[serde(default)]
    pub content: Option<String>,
    /// A refusal message. Written as `null` when `None`, exactly as OpenAI does.
    #[serde(default)]
    pub refusal: Option<String>,
    /// Reasoning text, as DeepSeek-style and OCI reasoning models return it. Not part of the
    /// OpenAI spec.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_content: Option<String>,
    /// The tool calls the model made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<ChatCompletionMessageToolCalls>>,
    /// URL citations from web search. OpenAI sends `[]` when there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Vec<ChatCompletionResponseMessageAnnotation>>,
    /// Audio output, when audio was requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio: Option<ChatCompletionResponseMessageAudio>,
    /// The deprecated single function call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_call: Option<FunctionCall>,
}

/// An annotation on a response message, tagged by `type`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChatCompletionResponseMessageAnnotation {
    /// `{"type": "url_citation", "url_citation": {...}}`.
    UrlCitation {
        /// The cited span and source.
        url_citation: UrlCitation,
    },
    /// An annotation of a type this crate does not know (`file_citation`…), kept as received.
    #[serde(untagged)]
    Other(serde_json::Value),
}

/// A web citation inside a response message.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UrlCitation {
    /// Index of the first character of the citation in the message.
    pub start_index: u32,
    /// Index one past the last character of the citation.
    pub end_index: u32,
    /// The cited page's title.
    pub title: String,
    /// The cited page's URL.
    pub url: String,
}

/// Audio generated by the model.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionResponseMessageAudio {
    /// The id to refer to this audio in later turns.
    pub id: String,
    /// Unix time in seconds after which the audio is no longer available.
    pub expires_at: u64,
    /// Base64 audio bytes in the requested format.
    pub data: String,
    /// A transcript of the audio.
    pub transcript: String,
}

/// Log probabilities of a choice.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatChoiceLogprobs {
    /// One entry per content token. Written as `null` when `None`, as OpenAI does.
    #[serde(default)]
    pub content: Option<Vec<ChatCompletionTokenLogprob>>,
    /// One entry per refusal token. Written as `null` when `None`, as OpenAI does.
    #[serde(default)]
    pub refusal: Option<Vec<ChatCompletionTokenLogprob>>,
}

/// The log probability of one output token.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionTokenLogprob {
    /// The token.
    pub token: String,
    /// Its log probability.
    pub logprob: f64,
    /// Its UTF-8 bytes. Written as `null` when `None`, as OpenAI does.
    #[serde(default)]
    pub bytes: Option<Vec<u8>>,
    /// The most likely tokens at this position.
    #[serde(default)]
    pub top_logprobs: Vec<TopLogprobs>,
}

/// One of the most likely tokens at a position.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TopLogprobs {
    /// The token.
    pub token: String,
    /// Its log probability.
    pub logprob: f64,
    /// Its UTF-8 bytes. Written as `null` when `None`, as OpenAI does.
    #[serde(default)]
    pub bytes: Option<Vec<u8>>,
}

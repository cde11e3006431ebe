//! The non-streaming GENERIC answer: `GenericChatResponse` and its choices.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::generic::Message;
use super::usage::Usage;

/// A non-streaming GENERIC answer (SDK `GenericChatResponse`,
/// `apiFormat: "GENERIC"`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "apiFormat", rename = "GENERIC", rename_all = "camelCase")]
pub struct GenericChatResponse {
    /// `timeCreated` (required): an RFC 3339 timestamp string such as
    /// `2026-11-25T10:15:30.123Z` (the SDK doc text says "Unix timestamp", the
    /// SDK type is a datetime).
    pub time_created: String,
    /// `choices` (required).
    pub choices: Vec<ChatChoice>,
    /// `usage`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// `serviceTier`: the tier that served the request, free text (`"default"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_tier: Option<String>,
}

/// One answer of a GENERIC response (SDK `ChatChoice`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatChoice {
    /// `index` (required): the choice index, for `numGenerations` > 1.
    pub index: u32,
    /// `message`: required in the SDK, but missing when a reasoning model spent
    /// the whole token budget reasoning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Message>,
    /// `finishReason` (required): free text passed through from the backend
    /// model: usually OpenAI style (`stop`, `length`, `tool_calls`), but Gemini
    /// sends `max_tokens`. Normalise it case-insensitively. Read as `""` when
    /// missing, so that a partial choice (see `message`) still parses.
    #[serde(default)]
    pub finish_reason: String,
    /// `logprobs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logprobs: Option<Logprobs>,
    /// `usage`: per-choice token counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// `groundingMetadata`: web search grounding (Gemini style).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grounding_metadata: Option<GroundingMetadata>,
    /// `serviceTier`: free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_tier: Option<String>,
}

/// Token log-probabilities (SDK `Logprobs`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Logprobs {
    /// `textOffset`: the offset of each token in the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_offset: Option<Vec<i64>>,
    /// `tokenLogprobs`: the log-probability of each token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_logprobs: Option<Vec<f64>>,
    /// `tokens`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<String>>,
    /// `topLogprobs`: per token, candidate token → log-probability. The SDK
    /// types the values as strings; they are kept as JSON values so numbers
    /// parse too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_logprobs: Option<Vec<Map<String, Value>>>,
}

/// Web search grounding (SDK `GroundingMetadata`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroundingMetadata {
    /// `webSearchQueries`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_search_queries: Option<Vec<String>>,
    /// `searchEntryPoint`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_entry_point: Option<SearchEntryPoint>,
    /// `groundingChunks`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grounding_chunks: Option<Vec<GroundingChunk>>,
    /// `groundingSupports`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grounding_supports: Option<Vec<GroundingSupport>>,
}

/// SDK `SearchEntryPoint`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchEntryPoint {
    /// `renderedContent`: HTML/CSS for the search suggestion widget.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rendered_content: Option<String>,
}

/// SDK `GroundingChunk`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroundingChunk {
    /// `web`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web: Option<GroundingWebChunk>,
}

/// SDK `GroundingWebChunk`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroundingWebChunk {
    /// `uri`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// `title`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `domain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
}

/// SDK `GroundingSupport`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroundingSupport {
    /// `segment`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment: Option<GroundingSupportSegment>,
    /// `groundingChunkIndices`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grounding_chunk_indices: Option<Vec<u32>>,
}

/// SDK `GroundingSupportSegment`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroundingSupportSegment {
    /// `startIndex`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_index: Option<u32>,
    /// `endIndex`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_index: Option<u32>,
    /// `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

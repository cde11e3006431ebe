//! The COHERE format (Cohere's V1 chat API): `CohereChatRequest`,
//! `CohereChatResponse` and their messages, tools and citations.
//!
//! The current user turn goes in `message`, earlier turns in `chatHistory`,
//! system prompts in `preambleOverride`. Tool calls are `{name, parameters}`
//! with **no id**, and there is no `toolChoice`.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::chat::StreamOptions;
use super::schema::JsonSchema;
use super::tagged::Tagged;
use super::usage::Usage;

string_enum! {
    /// `promptTruncation` of a COHERE request.
    pub enum PromptTruncation {
        /// `OFF` (the default).
        Off = "OFF",
        /// `AUTO_PRESERVE_ORDER`.
        AutoPreserveOrder = "AUTO_PRESERVE_ORDER",
    }
}

string_enum! {
    /// `citationQuality` of a COHERE request.
    pub enum CitationQuality {
        /// `ACCURATE` (the default).
        Accurate = "ACCURATE",
        /// `FAST`.
        Fast = "FAST",
    }
}

string_enum! {
    /// `safetyMode` of a COHERE or COHEREV2 request.
    pub enum SafetyMode {
        /// `CONTEXTUAL` (the default).
        Contextual = "CONTEXTUAL",
        /// `STRICT`.
        Strict = "STRICT",
        /// `OFF`.
        Off = "OFF",
    }
}

string_enum! {
    /// `finishReason` of a COHERE answer. A turn that calls tools still ends
    /// with `COMPLETE`.
    #[derive(Default)]
    pub enum CohereFinishReason {
        /// `COMPLETE`.
        #[default]
        Complete = "COMPLETE",
        /// `ERROR_TOXIC`.
        ErrorToxic = "ERROR_TOXIC",
        /// `ERROR_LIMIT`.
        ErrorLimit = "ERROR_LIMIT",
        /// `ERROR`.
        Error = "ERROR",
        /// `USER_CANCEL`.
        UserCancel = "USER_CANCEL",
        /// `MAX_TOKENS`.
        MaxTokens = "MAX_TOKENS",
    }
}

/// A COHERE chat request (SDK `CohereChatRequest`, `apiFormat: "COHERE"`),
/// with every field of SDK 2.189.0. Ranges differ from GENERIC: temperature
/// and the penalties are 0..=1, `topK` 0..=500.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "apiFormat", rename = "COHERE", rename_all = "camelCase")]
pub struct CohereChatRequest {
    /// `message` (required): the current user turn.
    pub message: String,
    /// `chatHistory`: earlier turns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat_history: Option<Vec<CohereMessage>>,
    /// `documents`: free-form objects for retrieval-augmented answers, e.g.
    /// `{"title","snippet"}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<Vec<Value>>,
    /// `responseFormat`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_format: Option<CohereResponseFormat>,
    /// `isSearchQueriesOnly`: only generate search queries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_search_queries_only: Option<bool>,
    /// `preambleOverride`: replaces the system preamble (system messages go here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preamble_override: Option<String>,
    /// `isStream`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_stream: Option<bool>,
    /// `streamOptions`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_options: Option<StreamOptions>,
    /// `maxTokens`: ≥ 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
    /// `maxInputTokens`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_input_tokens: Option<u32>,
    /// `temperature`: 0..=1, default 0.3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    /// `topK`: 0..=500, default 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_k: Option<i32>,
    /// `topP`: 0..=1, default 0.75.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_p: Option<f64>,
    /// `promptTruncation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt_truncation: Option<PromptTruncation>,
    /// `frequencyPenalty`: 0..=1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency_penalty: Option<f64>,
    /// `presencePenalty`: 0..=1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence_penalty: Option<f64>,
    /// `seed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<i64>,
    /// `isEcho`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_echo: Option<bool>,
    /// `tools`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<CohereTool>>,
    /// `toolResults`: results for the previous turn's tool calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_results: Option<Vec<CohereToolResult>>,
    /// `isForceSingleStep`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_force_single_step: Option<bool>,
    /// `stopSequences` (not `stop`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_sequences: Option<Vec<String>>,
    /// `isRawPrompting`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_raw_prompting: Option<bool>,
    /// `citationQuality`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation_quality: Option<CitationQuality>,
    /// `safetyMode`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safety_mode: Option<SafetyMode>,
}

tagged_enum! {
    /// A COHERE history entry (SDK `CohereMessage`, discriminated by `role`).
    pub enum CohereMessage (tag = "role") {
        /// `USER`.
        "USER" => User(CohereUserMessage),
        /// `CHATBOT`: an earlier answer.
        "CHATBOT" => Chatbot(CohereChatBotMessage),
        /// `SYSTEM`.
        "SYSTEM" => System(CohereSystemMessage),
        /// `TOOL`: tool results.
        "TOOL" => Tool(CohereToolMessage),
    }
}

/// `role: "USER"` (SDK `CohereUserMessage`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", rename = "USER", rename_all = "camelCase")]
pub struct CohereUserMessage {
    /// `message` (required).
    pub message: String,
}

/// `role: "CHATBOT"` (SDK `CohereChatBotMessage`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename = "CHATBOT", rename_all = "camelCase")]
pub struct CohereChatBotMessage {
    /// `message`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `toolCalls`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<CohereToolCall>>,
}

/// `role: "SYSTEM"` (SDK `CohereSystemMessage`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", rename = "SYSTEM", rename_all = "camelCase")]
pub struct CohereSystemMessage {
    /// `message` (required).
    pub message: String,
}

/// `role: "TOOL"` (SDK `CohereToolMessage`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename = "TOOL", rename_all = "camelCase")]
pub struct CohereToolMessage {
    /// `toolResults` (required).
    pub tool_results: Vec<CohereToolResult>,
}

/// A COHERE tool call (SDK `CohereToolCall`). There is no id: the caller makes
/// a stable one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CohereToolCall {
    /// `name` (required).
    pub name: String,
    /// `parameters` (required): the arguments as a JSON object (not a string).
    pub parameters: Value,
}

/// The result of one COHERE tool call (SDK `CohereToolResult`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CohereToolResult {
    /// `call` (required): the call this answers.
    pub call: CohereToolCall,
    /// `outputs` (required): result objects.
    pub outputs: Vec<Value>,
}

/// A COHERE tool declaration (SDK `CohereTool`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CohereTool {
    /// `name` (required): `[a-zA-Z0-9_]`, not starting with a digit.
    pub name: String,
    /// `description` (required).
    pub description: String,
    /// `parameterDefinitions`: parameter name → definition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter_definitions: Option<BTreeMap<String, CohereParameterDefinition>>,
}

/// One COHERE tool parameter (SDK `CohereParameterDefinition`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CohereParameterDefinition {
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `type` (required): a *Python* type name: `str`, `int`, `float`,
    /// `bool`, `List`, `Dict`.
    pub r#type: String,
    /// `isRequired`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_required: Option<bool>,
}

/// The shape of a Cohere answer (SDK `CohereResponseFormat`, discriminated by
/// `type`; used by COHERE and COHEREV2). There is no JSON_SCHEMA: the schema
/// goes on JSON_OBJECT.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum CohereResponseFormat {
    /// `{"type":"TEXT"}` (SDK `CohereResponseTextFormat`).
    #[serde(rename = "TEXT")]
    Text,
    /// `{"type":"JSON_OBJECT","schema":…}` (SDK `CohereResponseJsonFormat`).
    #[serde(rename = "JSON_OBJECT", rename_all = "camelCase")]
    JsonObject {
        /// `schema`: an optional JSON Schema (text is written verbatim).
        #[serde(skip_serializing_if = "Option::is_none")]
        schema: Option<JsonSchema>,
    },
    /// A format this crate does not know, kept as received.
    #[serde(untagged)]
    Other(Value),
}

impl Tagged for CohereResponseFormat {
    const TAG: &'static str = "type";
    const EXPECTING: &'static str = "a CohereResponseFormat object";

    fn is_known(tag: &str) -> bool {
        matches!(tag, "TEXT" | "JSON_OBJECT")
    }

    fn from_known<'de, D: Deserializer<'de>>(tag: &str, de: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct JsonObject {
            schema: Option<JsonSchema>,
        }
        if tag == "JSON_OBJECT" {
            JsonObject::deserialize(de).map(|f| Self::JsonObject { schema: f.schema })
        } else {
            serde::de::IgnoredAny::deserialize(de)?;
            Ok(Self::Text)
        }
    }

    fn other(value: Value) -> Self {
        Self::Other(value)
    }
}

impl<'de> Deserialize<'de> for CohereResponseFormat {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::tagged::deserialize(deserializer)
    }
}

/// A non-streaming COHERE answer (SDK `CohereChatResponse`,
/// `apiFormat: "COHERE"`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "apiFormat", rename = "COHERE", rename_all = "camelCase")]
pub struct CohereChatResponse {
    /// `text` (required): the whole answer; `""` on a tool-call turn.
    pub text: String,
    /// `chatHistory`: the history including this turn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat_history: Option<Vec<CohereMessage>>,
    /// `citations`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citations: Option<Vec<Citation>>,
    /// `isSearchRequired`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_search_required: Option<bool>,
    /// `finishReason` (required). Tool-call turns end with `COMPLETE`.
    pub finish_reason: CohereFinishReason,
    /// `errorMessage`: set when an error interrupted the answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// `searchQueries`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_queries: Option<Vec<SearchQuery>>,
    /// `documents`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<Vec<Value>>,
    /// `toolCalls`: `{name, parameters}`, no id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<CohereToolCall>>,
    /// `prompt`: the full prompt, when `isEcho` was set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    /// `usage`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
}

/// A COHERE citation (SDK `Citation`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Citation {
    /// `start` (required): offset of the cited span.
    pub start: u32,
    /// `end` (required).
    pub end: u32,
    /// `text` (required).
    pub text: String,
    /// `documentIds` (required).
    pub document_ids: Vec<String>,
}

/// A generated search query (SDK `SearchQuery`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchQuery {
    /// `text` (required).
    pub text: String,
}

//! The COHEREV2 format (Cohere's V2 chat API): `CohereChatRequestV2`,
//! `CohereChatResponseV2`, typed content, nested tool calls, citations.
//!
//! Works for the Command A family; needed for images (command-a-vision) and
//! for `thinking` (command-a-reasoning). Unlike GENERIC, tool calls and tools
//! are *nested* (`{"id","type":"FUNCTION","function":{…}}`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::chat::StreamOptions;
use super::cohere::{CohereResponseFormat, SafetyMode};
use super::generic::{ImageDetail, ToolType};
use super::schema::JsonSchema;
use super::usage::Usage;

string_enum! {
    /// `toolsChoice` of a COHEREV2 request (note the plural).
    pub enum CohereToolsChoice {
        /// `REQUIRED`: the model must call a tool.
        Required = "REQUIRED",
        /// `NONE`: the model must not call a tool.
        None = "NONE",
    }
}

string_enum! {
    /// `mode` of [`CitationOptionsV2`].
    pub enum CitationMode {
        /// `FAST`.
        Fast = "FAST",
        /// `ACCURATE`.
        Accurate = "ACCURATE",
        /// `OFF`.
        Off = "OFF",
    }
}

string_enum! {
    /// `type` of [`CohereThinkingV2`].
    #[derive(Default)]
    pub enum CohereThinkingType {
        /// `ENABLED`.
        #[default]
        Enabled = "ENABLED",
        /// `DISABLED`.
        Disabled = "DISABLED",
    }
}

string_enum! {
    /// `finishReason` of a COHEREV2 answer.
    #[derive(Default)]
    pub enum CohereV2FinishReason {
        /// `COMPLETE`.
        #[default]
        Complete = "COMPLETE",
        /// `STOP_SEQUENCE`.
        StopSequence = "STOP_SEQUENCE",
        /// `MAX_TOKENS`.
        MaxTokens = "MAX_TOKENS",
        /// `TOOL_CALL`.
        ToolCall = "TOOL_CALL",
        /// `ERROR`.
        Error = "ERROR",
    }
}

string_enum! {
    /// `type` of a [`CohereCitationV2`]: which part of the answer it cites from.
    pub enum CohereCitationType {
        /// `TEXT_CONTENT`.
        TextContent = "TEXT_CONTENT",
        /// `THINKING_CONTENT`.
        ThinkingContent = "THINKING_CONTENT",
        /// `PLAN`.
        Plan = "PLAN",
    }
}

string_enum! {
    /// `type` of a [`CohereCitationSourceV2`].
    #[derive(Default)]
    pub enum CohereCitationSourceType {
        /// `TOOL`.
        Tool = "TOOL",
        /// `DOCUMENT`.
        #[default]
        Document = "DOCUMENT",
    }
}

/// A COHEREV2 chat request (SDK `CohereChatRequestV2`,
/// `apiFormat: "COHEREV2"`), with every field of SDK 2.189.0.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "apiFormat", rename = "COHEREV2", rename_all = "camelCase")]
pub struct CohereChatRequestV2 {
    /// `messages` (required).
    pub messages: Vec<CohereMessageV2>,
    /// `documents`: free-form objects (or strings) for grounded answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<Vec<Value>>,
    /// `citationOptions`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation_options: Option<CitationOptionsV2>,
    /// `toolsChoice`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tools_choice: Option<CohereToolsChoice>,
    /// `tools`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<CohereToolV2>>,
    /// `isStrictToolsEnabled`: make tool calls follow the schemas strictly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_strict_tools_enabled: Option<bool>,
    /// `isLogProbsEnabled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_log_probs_enabled: Option<bool>,
    /// `thinking`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thinking: Option<CohereThinkingV2>,
    /// `responseFormat`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_format: Option<CohereResponseFormat>,
    /// `isSearchQueriesOnly`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_search_queries_only: Option<bool>,
    /// `streamOptions`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_options: Option<StreamOptions>,
    /// `isStream`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_stream: Option<bool>,
    /// `maxTokens`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
    /// `temperature`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    /// `topK`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_k: Option<i32>,
    /// `topP`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_p: Option<f64>,
    /// `frequencyPenalty`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency_penalty: Option<f64>,
    /// `presencePenalty`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence_penalty: Option<f64>,
    /// `seed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<i64>,
    /// `stopSequences`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_sequences: Option<Vec<String>>,
    /// `priority`: lower is served earlier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i32>,
    /// `isRawPrompting`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_raw_prompting: Option<bool>,
    /// `safetyMode`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safety_mode: Option<SafetyMode>,
}

/// Citation settings (SDK `CitationOptionsV2`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CitationOptionsV2 {
    /// `mode`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<CitationMode>,
}

/// Reasoning settings (SDK `CohereThinkingV2`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CohereThinkingV2 {
    /// `type` (required).
    pub r#type: CohereThinkingType,
    /// `tokenBudget`: the most tokens to spend thinking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_budget: Option<u32>,
}

tagged_enum! {
    /// A COHEREV2 message (SDK `CohereMessageV2`, discriminated by `role`).
    pub enum CohereMessageV2 (tag = "role") {
        /// `USER`.
        "USER" => User(CohereUserMessageV2),
        /// `ASSISTANT`.
        "ASSISTANT" => Assistant(CohereAssistantMessageV2),
        /// `SYSTEM`.
        "SYSTEM" => System(CohereSystemMessageV2),
        /// `TOOL`: a tool result.
        "TOOL" => Tool(CohereToolMessageV2),
    }
}

/// `role: "USER"` (SDK `CohereUserMessageV2`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename = "USER", rename_all = "camelCase")]
pub struct CohereUserMessageV2 {
    /// `content` (required).
    #[serde(default)]
    pub content: Vec<CohereContentV2>,
}

/// `role: "SYSTEM"` (SDK `CohereSystemMessageV2`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename = "SYSTEM", rename_all = "camelCase")]
pub struct CohereSystemMessageV2 {
    /// `content` (required).
    #[serde(default)]
    pub content: Vec<CohereContentV2>,
}

/// `role: "ASSISTANT"` (SDK `CohereAssistantMessageV2`); also the `message` of
/// a [`CohereChatResponseV2`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename = "ASSISTANT", rename_all = "camelCase")]
pub struct CohereAssistantMessageV2 {
    /// `content`. Required by the SDK; kept optional because an answer that
    /// only calls tools may leave it out. Requests should send non-empty
    /// content.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<CohereContentV2>>,
    /// `toolPlan`: the model's plan before calling tools.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_plan: Option<String>,
    /// `toolCalls`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<CohereToolCallV2>>,
    /// `citations`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citations: Option<Vec<CohereCitationV2>>,
}

/// `role: "TOOL"` (SDK `CohereToolMessageV2`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename = "TOOL", rename_all = "camelCase")]
pub struct CohereToolMessageV2 {
    /// `content` (required): the result.
    #[serde(default)]
    pub content: Vec<CohereContentV2>,
    /// `toolCallId` (required).
    pub tool_call_id: String,
}

tagged_enum! {
    /// A COHEREV2 content part (SDK `CohereContentV2`, discriminated by `type`).
    pub enum CohereContentV2 (tag = "type") {
        /// `TEXT`.
        "TEXT" => Text(CohereTextContentV2),
        /// `IMAGE_URL`.
        "IMAGE_URL" => ImageUrl(CohereImageContentV2),
        /// `DOCUMENT`.
        "DOCUMENT" => Document(CohereDocumentContentV2),
        /// `THINKING`: reasoning (answers only).
        "THINKING" => Thinking(CohereThinkingContentV2),
    }
}

impl CohereContentV2 {
    /// A `TEXT` part.
    pub fn text(text: impl Into<String>) -> Self {
        Self::Text(CohereTextContentV2 {
            text: Some(text.into()),
        })
    }
}

/// `type: "TEXT"` (SDK `CohereTextContentV2`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "TEXT", rename_all = "camelCase")]
pub struct CohereTextContentV2 {
    /// `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// `type: "IMAGE_URL"` (SDK `CohereImageContentV2`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "IMAGE_URL", rename_all = "camelCase")]
pub struct CohereImageContentV2 {
    /// `imageUrl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<CohereImageUrlV2>,
}

/// An image reference (SDK `CohereImageUrlV2`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CohereImageUrlV2 {
    /// `url` (required): usually a base64 `data:` URI.
    pub url: String,
    /// `detail`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<ImageDetail>,
}

/// `type: "DOCUMENT"` (SDK `CohereDocumentContentV2`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "DOCUMENT", rename_all = "camelCase")]
pub struct CohereDocumentContentV2 {
    /// `document`: a free-form object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<Value>,
}

/// `type: "THINKING"` (SDK `CohereThinkingContentV2`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "THINKING", rename_all = "camelCase")]
pub struct CohereThinkingContentV2 {
    /// `thinking`: the reasoning text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thinking: Option<String>,
}

/// A COHEREV2 tool call (SDK `CohereToolCallV2`): nested, OpenAI style.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CohereToolCallV2 {
    /// `id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `type`: `FUNCTION`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<ToolType>,
    /// `function`: a free-form object in the SDK, in practice
    /// `{"name","arguments"}` with `arguments` a JSON string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<Value>,
}

/// A COHEREV2 tool declaration (SDK `CohereToolV2`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CohereToolV2 {
    /// `type` (required): `FUNCTION`.
    pub r#type: ToolType,
    /// `function` (required).
    pub function: Function,
}

/// The function of a [`CohereToolV2`] (SDK `Function`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Function {
    /// `name` (required).
    pub name: String,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `parameters` (required): a JSON Schema object.
    pub parameters: JsonSchema,
}

/// A COHEREV2 citation (SDK `CohereCitationV2`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CohereCitationV2 {
    /// `start`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<u32>,
    /// `end`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<u32>,
    /// `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// `contentIndex`: which content part the span is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_index: Option<u32>,
    /// `type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<CohereCitationType>,
    /// `sources`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<CohereCitationSourceV2>>,
}

/// Where a COHEREV2 citation comes from (SDK `CohereCitationSourceV2`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CohereCitationSourceV2 {
    /// `type` (required).
    pub r#type: CohereCitationSourceType,
    /// `tool`: set for `TOOL` sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<CohereCitationToolV2>,
    /// `document`: set for `DOCUMENT` sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<CohereCitationDocument>,
}

/// A cited tool output (SDK `CohereCitationToolV2`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CohereCitationToolV2 {
    /// `id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `toolOutput`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_output: Option<Value>,
}

/// A cited document (SDK `CohereCitationDocument`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CohereCitationDocument {
    /// `id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `document`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<Value>,
}

/// A non-streaming COHEREV2 answer (SDK `CohereChatResponseV2`,
/// `apiFormat: "COHEREV2"`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "apiFormat", rename = "COHEREV2", rename_all = "camelCase")]
pub struct CohereChatResponseV2 {
    /// `id` (required).
    pub id: String,
    /// `message` (required).
    pub message: CohereAssistantMessageV2,
    /// `finishReason` (required).
    pub finish_reason: CohereV2FinishReason,
    /// `logProbabilities`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_probabilities: Option<Vec<LogProbability>>,
    /// `errorMessage`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// `usage`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
}

/// Log-probabilities of a run of tokens (SDK `LogProbability`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogProbability {
    /// `tokenIds`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_ids: Option<Vec<i64>>,
    /// `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// `logProbabilities`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_probabilities: Option<Vec<f64>>,
}

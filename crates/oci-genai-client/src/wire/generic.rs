//! The GENERIC format: `GenericChatRequest` and its messages, content parts,
//! tools, tool choice, response format, prediction and web search options.
//!
//! GENERIC serves every non-Cohere chat model (Meta Llama, OpenAI, xAI Grok,
//! Google Gemini, imported models). Tool calls and tool definitions are *flat*
//! (`{"id","type":"FUNCTION","name","arguments"}`), unlike OpenAI's nested
//! `function` object.

use json_literal::JsonString;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::chat::StreamOptions;
use super::schema::JsonSchema;
use super::tagged::Tagged;

string_enum! {
    /// A message role (SDK `Message.role`); also the `role` of streamed GENERIC
    /// and COHEREV2 messages.
    pub enum MessageRole {
        /// `SYSTEM`.
        System = "SYSTEM",
        /// `USER`.
        User = "USER",
        /// `ASSISTANT`.
        Assistant = "ASSISTANT",
        /// `TOOL`.
        Tool = "TOOL",
        /// `DEVELOPER`.
        Developer = "DEVELOPER",
    }
}

string_enum! {
    /// `reasoningEffort` of a GENERIC request (UPPERCASE on the wire).
    pub enum ReasoningEffort {
        /// `NONE`.
        None = "NONE",
        /// `MINIMAL`.
        Minimal = "MINIMAL",
        /// `LOW`.
        Low = "LOW",
        /// `MEDIUM`.
        Medium = "MEDIUM",
        /// `HIGH`.
        High = "HIGH",
    }
}

string_enum! {
    /// `verbosity` of a GENERIC request.
    pub enum Verbosity {
        /// `LOW`.
        Low = "LOW",
        /// `MEDIUM`.
        Medium = "MEDIUM",
        /// `HIGH`.
        High = "HIGH",
    }
}

string_enum! {
    /// `serviceTier` of a GENERIC *request*. Responses and stream events carry
    /// the tier the backend used as free text (e.g. `"default"`), so those are
    /// plain strings.
    pub enum ServiceTier {
        /// `AUTO`.
        Auto = "AUTO",
        /// `DEFAULT`.
        Default = "DEFAULT",
        /// `PRIORITY`.
        Priority = "PRIORITY",
    }
}

string_enum! {
    /// `detail` of an image, audio, video or document URL ("only AUTO is
    /// supported", says the SDK).
    pub enum ImageDetail {
        /// `AUTO`.
        Auto = "AUTO",
        /// `HIGH`.
        High = "HIGH",
        /// `LOW`.
        Low = "LOW",
    }
}

string_enum! {
    /// `searchContextSize` of [`WebSearchOptions`].
    pub enum SearchContextSize {
        /// `HIGH`.
        High = "HIGH",
        /// `MEDIUM`.
        Medium = "MEDIUM",
        /// `LOW`.
        Low = "LOW",
    }
}

string_enum! {
    /// The `type` of a tool, tool call or tool definition where it is a plain
    /// field rather than a discriminator (COHEREV2 tools, streamed GENERIC tool
    /// call fragments).
    #[derive(Default)]
    pub enum ToolType {
        /// `FUNCTION`, the only kind OCI defines.
        #[default]
        Function = "FUNCTION",
    }
}

/// A GENERIC chat request (SDK `GenericChatRequest`, `apiFormat: "GENERIC"`),
/// with every field of SDK 2.189.0.
///
/// Ranges below are from the OCI API reference. Send `maxCompletionTokens` to
/// `openai.*` models other than `openai.gpt-oss-*`, and `maxTokens` to every
/// other model.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "apiFormat", rename = "GENERIC", rename_all = "camelCase")]
pub struct GenericChatRequest {
    /// `messages`: the conversation so far. Optional in the SDK but always
    /// needed in practice, so it is always sent.
    #[serde(default)]
    pub messages: Vec<Message>,
    /// `reasoningEffort`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_effort: Option<ReasoningEffort>,
    /// `verbosity`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verbosity: Option<Verbosity>,
    /// `metadata`: up to 16 string pairs (key ≤ 64 chars, value ≤ 512).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
    /// `isStream`: answer as server-sent events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_stream: Option<bool>,
    /// `streamOptions`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_options: Option<StreamOptions>,
    /// `numGenerations`: 1..=5, default 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num_generations: Option<u32>,
    /// `seed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<i64>,
    /// `isEcho`: include the prompt in the response (non-streaming only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_echo: Option<bool>,
    /// `topK`: -1 (default) or 0 means all tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_k: Option<i32>,
    /// `topP`: 0..=1, default 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_p: Option<f64>,
    /// `temperature`: ≥ 0, default 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    /// `frequencyPenalty`: -2..=2, default 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency_penalty: Option<f64>,
    /// `presencePenalty`: -2..=2, default 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence_penalty: Option<f64>,
    /// `stop`: stop strings (not included in the output).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop: Option<Vec<String>>,
    /// `logProbs`: how many top log-probabilities to return per token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_probs: Option<u32>,
    /// `maxTokens`: ≥ 1. GPT-5 and o-series models reject it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
    /// `maxCompletionTokens`: the limit including reasoning tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_completion_tokens: Option<u32>,
    /// `logitBias`: token id (as a string key) → bias.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logit_bias: Option<Map<String, Value>>,
    /// `prediction`: predicted output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prediction: Option<Prediction>,
    /// `responseFormat`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_format: Option<ResponseFormat>,
    /// `toolChoice`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_choice: Option<ToolChoice>,
    /// `isParallelToolCalls` (OpenAI's `parallel_tool_calls`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_parallel_tool_calls: Option<bool>,
    /// `tools`: at most 128.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<ToolDefinition>>,
    /// `webSearchOptions`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_search_options: Option<WebSearchOptions>,
    /// `serviceTier`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_tier: Option<ServiceTier>,
}

tagged_enum! {
    /// A GENERIC message (SDK `Message`, discriminated by `role`). Used in
    /// requests and in non-streaming responses.
    pub enum Message (tag = "role") {
        /// `SYSTEM`.
        "SYSTEM" => System(SystemMessage),
        /// `USER`.
        "USER" => User(UserMessage),
        /// `ASSISTANT`.
        "ASSISTANT" => Assistant(AssistantMessage),
        /// `TOOL`: the result of a tool call.
        "TOOL" => Tool(ToolMessage),
        /// `DEVELOPER`.
        "DEVELOPER" => Developer(DeveloperMessage),
    }
}

/// `role: "SYSTEM"` (SDK `SystemMessage`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename = "SYSTEM", rename_all = "camelCase")]
pub struct SystemMessage {
    /// `content`: always an array of parts, never a bare string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<ChatContent>>,
    /// `name`: an optional participant name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `role: "USER"` (SDK `UserMessage`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename = "USER", rename_all = "camelCase")]
pub struct UserMessage {
    /// `content`: always an array of parts, never a bare string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<ChatContent>>,
    /// `name`: an optional participant name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `role: "DEVELOPER"` (SDK `DeveloperMessage`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename = "DEVELOPER", rename_all = "camelCase")]
pub struct DeveloperMessage {
    /// `content`: always an array of parts, never a bare string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<ChatContent>>,
    /// `name`: an optional participant name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `role: "ASSISTANT"` (SDK `AssistantMessage`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename = "ASSISTANT", rename_all = "camelCase")]
pub struct AssistantMessage {
    /// `content`: left out when the message only carries tool calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<ChatContent>>,
    /// `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `refusal`: the model's refusal message, if it refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
    /// `toolCalls`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<ToolCall>>,
    /// `annotations` (responses only), e.g. URL citations from web search.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Vec<Annotation>>,
    /// `reasoningContent`: the reasoning of reasoning models.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_content: Option<String>,
}

/// `role: "TOOL"` (SDK `ToolMessage`): a tool result.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename = "TOOL", rename_all = "camelCase")]
pub struct ToolMessage {
    /// `content`: the result, as parts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<ChatContent>>,
    /// `toolCallId`: the id of the call this answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
}

tagged_enum! {
    /// A content part (SDK `ChatContent`, discriminated by `type`). The SDK's
    /// enum lists only TEXT and IMAGE, but its `get_subtype` maps all five.
    pub enum ChatContent (tag = "type") {
        /// `TEXT`.
        "TEXT" => Text(TextContent),
        /// `IMAGE`.
        "IMAGE" => Image(ImageContent),
        /// `AUDIO`.
        "AUDIO" => Audio(AudioContent),
        /// `VIDEO`.
        "VIDEO" => Video(VideoContent),
        /// `DOCUMENT`.
        "DOCUMENT" => Document(DocumentContent),
    }
}

impl ChatContent {
    /// A `TEXT` part.
    pub fn text(text: impl Into<JsonString>) -> Self {
        Self::Text(TextContent::new(text))
    }

    /// The text of a `TEXT` part, if this is one and it has text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(part) => part.text.as_deref(),
            _ => None,
        }
    }
}

/// `type: "TEXT"` (SDK `TextContent`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "TEXT", rename_all = "camelCase")]
pub struct TextContent {
    /// `text`. Optional: Gemini streams send `{"type":"TEXT"}` with no text. Kept as its
    /// JSON literal when read, and a literal taken from a client's request is written out
    /// as it came (see [`JsonString`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<JsonString>,
}

impl TextContent {
    /// A part with the given text.
    pub fn new(text: impl Into<JsonString>) -> Self {
        Self {
            text: Some(text.into()),
        }
    }
}

/// `type: "IMAGE"` (SDK `ImageContent`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "IMAGE", rename_all = "camelCase")]
pub struct ImageContent {
    /// `imageUrl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<ImageUrl>,
}

/// `type: "AUDIO"` (SDK `AudioContent`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "AUDIO", rename_all = "camelCase")]
pub struct AudioContent {
    /// `audioUrl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio_url: Option<AudioUrl>,
}

/// `type: "VIDEO"` (SDK `VideoContent`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "VIDEO", rename_all = "camelCase")]
pub struct VideoContent {
    /// `videoUrl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_url: Option<VideoUrl>,
}

/// `type: "DOCUMENT"` (SDK `DocumentContent`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "DOCUMENT", rename_all = "camelCase")]
pub struct DocumentContent {
    /// `documentUrl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_url: Option<DocumentUrl>,
}

/// An image reference (SDK `ImageUrl`): a `data:` URI with base64 content, or
/// a URL where the model accepts one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageUrl {
    /// `url` (required).
    pub url: String,
    /// `detail`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<ImageDetail>,
}

/// An audio reference (SDK `AudioUrl`), e.g. `data:audio/mp3;base64,…`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AudioUrl {
    /// `url` (required).
    pub url: String,
    /// `detail`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<ImageDetail>,
}

/// A video reference (SDK `VideoUrl`), e.g. `data:video/mp4;base64,…`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VideoUrl {
    /// `url` (required).
    pub url: String,
    /// `detail`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<ImageDetail>,
}

/// A document reference (SDK `DocumentUrl`), e.g. `data:application/pdf;base64,…`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentUrl {
    /// `url` (required).
    pub url: String,
    /// `detail`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<ImageDetail>,
}

tagged_enum! {
    /// A tool call on an assistant message (SDK `ToolCall`, discriminated by
    /// `type`).
    pub enum ToolCall (tag = "type") {
        /// `FUNCTION`.
        "FUNCTION" => Function(FunctionCall),
    }
}

/// `type: "FUNCTION"` (SDK `FunctionCall`): a flat function call.
///
/// All fields are optional: the SDK marks `id` required, but Google models
/// served through OCI leave it out, so the caller makes one up.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "FUNCTION", rename_all = "camelCase")]
pub struct FunctionCall {
    /// `id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `name`: `[a-zA-Z0-9_-]{1,64}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `arguments`: a JSON document *as a string*.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arguments: Option<String>,
}

/// A citation on an assistant message (SDK `Annotation`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Annotation {
    /// `type`: `url_citation` (lowercase, per the SDK doc).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// `urlCitation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url_citation: Option<UrlCitation>,
}

/// A cited URL (SDK `UrlCitation`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UrlCitation {
    /// `startIndex`: where the cited span starts in the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_index: Option<u32>,
    /// `endIndex`: where it ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_index: Option<u32>,
    /// `title`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

tagged_enum! {
    /// A tool the model may call (SDK `ToolDefinition`, discriminated by `type`).
    pub enum ToolDefinition (tag = "type") {
        /// `FUNCTION`.
        "FUNCTION" => Function(FunctionDefinition),
    }
}

/// `type: "FUNCTION"` (SDK `FunctionDefinition`): a flat function declaration.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "FUNCTION", rename_all = "camelCase")]
pub struct FunctionDefinition {
    /// `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `parameters`: a JSON Schema object. Leaving it out declares a function
    /// without arguments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<JsonSchema>,
}

/// How the model picks tools (SDK `ToolChoice`, discriminated by `type`).
/// OCI rejects OpenAI's string form; this is always an object.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum ToolChoice {
    /// `{"type":"AUTO"}`.
    #[serde(rename = "AUTO")]
    Auto,
    /// `{"type":"NONE"}`.
    #[serde(rename = "NONE")]
    None,
    /// `{"type":"REQUIRED"}`.
    #[serde(rename = "REQUIRED")]
    Required,
    /// `{"type":"FUNCTION","name":…}`: call this function.
    #[serde(rename = "FUNCTION", rename_all = "camelCase")]
    Function {
        /// `name`.
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// A choice this crate does not know, kept as received.
    #[serde(untagged)]
    Other(Value),
}

impl Tagged for ToolChoice {
    const TAG: &'static str = "type";
    const EXPECTING: &'static str = "a ToolChoice object";

    fn is_known(tag: &str) -> bool {
        matches!(tag, "AUTO" | "NONE" | "REQUIRED" | "FUNCTION")
    }

    fn from_known<'de, D: Deserializer<'de>>(tag: &str, de: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Function {
            name: Option<String>,
        }
        match tag {
            "FUNCTION" => Function::deserialize(de).map(|f| Self::Function { name: f.name }),
            _ => {
                serde::de::IgnoredAny::deserialize(de)?;
                Ok(match tag {
                    "AUTO" => Self::Auto,
                    "NONE" => Self::None,
                    _ => Self::Required,
                })
            }
        }
    }

    fn other(value: Value) -> Self {
        Self::Other(value)
    }
}

impl<'de> Deserialize<'de> for ToolChoice {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::tagged::deserialize(deserializer)
    }
}

/// The shape of the answer (SDK `ResponseFormat`, discriminated by `type`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum ResponseFormat {
    /// `{"type":"TEXT"}`.
    #[serde(rename = "TEXT")]
    Text,
    /// `{"type":"JSON_OBJECT"}`: any JSON object.
    #[serde(rename = "JSON_OBJECT")]
    JsonObject,
    /// `{"type":"JSON_SCHEMA","jsonSchema":{…}}`.
    #[serde(rename = "JSON_SCHEMA", rename_all = "camelCase")]
    JsonSchema {
        /// `jsonSchema`.
        #[serde(skip_serializing_if = "Option::is_none")]
        json_schema: Option<ResponseJsonSchema>,
    },
    /// A format this crate does not know, kept as received.
    #[serde(untagged)]
    Other(Value),
}

impl Tagged for ResponseFormat {
    const TAG: &'static str = "type";
    const EXPECTING: &'static str = "a ResponseFormat object";

    fn is_known(tag: &str) -> bool {
        matches!(tag, "TEXT" | "JSON_OBJECT" | "JSON_SCHEMA")
    }

    fn from_known<'de, D: Deserializer<'de>>(tag: &str, de: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct JsonSchema {
            json_schema: Option<ResponseJsonSchema>,
        }
        match tag {
            "JSON_SCHEMA" => JsonSchema::deserialize(de).map(|f| Self::JsonSchema {
                json_schema: f.json_schema,
            }),
            _ => {
                serde::de::IgnoredAny::deserialize(de)?;
                Ok(if tag == "TEXT" {
                    Self::Text
                } else {
                    Self::JsonObject
                })
            }
        }
    }

    fn other(value: Value) -> Self {
        Self::Other(value)
    }
}

impl<'de> Deserialize<'de> for ResponseFormat {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::tagged::deserialize(deserializer)
    }
}

/// A JSON Schema the answer must follow (SDK `ResponseJsonSchema`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseJsonSchema {
    /// `name` (required): `[a-zA-Z0-9_-]`.
    pub name: String,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `schema`: the JSON Schema object (as text or as a value; text is written verbatim,
    /// so the caller's key order, which the model follows, reaches OCI).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<JsonSchema>,
    /// `isStrict` (OpenAI's `strict`; sending `strict` makes OCI reject the request).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_strict: Option<bool>,
}

/// Predicted output (SDK `Prediction`, discriminated by `type`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum Prediction {
    /// `{"type":"CONTENT","content":[{"type":"TEXT","text":…}]}` (SDK `StaticContent`).
    #[serde(rename = "CONTENT", rename_all = "camelCase")]
    Content {
        /// `content`: the predicted text.
        #[serde(skip_serializing_if = "Option::is_none")]
        content: Option<Vec<TextContent>>,
    },
    /// A prediction type this crate does not know, kept as received.
    #[serde(untagged)]
    Other(Value),
}

impl Tagged for Prediction {
    const TAG: &'static str = "type";
    const EXPECTING: &'static str = "a Prediction object";

    fn is_known(tag: &str) -> bool {
        tag == "CONTENT"
    }

    fn from_known<'de, D: Deserializer<'de>>(_tag: &str, de: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Content {
            content: Option<Vec<TextContent>>,
        }
        Content::deserialize(de).map(|c| Self::Content { content: c.content })
    }

    fn other(value: Value) -> Self {
        Self::Other(value)
    }
}

impl<'de> Deserialize<'de> for Prediction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::tagged::deserialize(deserializer)
    }
}

/// Web search settings (SDK `WebSearchOptions`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebSearchOptions {
    /// `searchContextSize`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_context_size: Option<SearchContextSize>,
    /// `userLocation`: flat, unlike OpenAI's `{type:"approximate",approximate:{…}}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_location: Option<ApproximateLocation>,
}

/// The user's approximate location (SDK `ApproximateLocation`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApproximateLocation {
    /// `city`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// `region`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `country`: a two-letter ISO code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// `timezone`: an IANA time zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

//! OCI Generative AI wire types (API version `20231130`), serde only.
//!
//! Names follow the OCI SDK models (`oci.generative_ai_inference.models` and,
//! for the model list, `oci.generative_ai.models`, SDK 2.189.0), so any type can
//! be looked up there; JSON field names are the SDK's `attribute_map`
//! (camelCase), enum values are UPPERCASE except `embeddingTypes`.
//!
//! | endpoint | request | response |
//! | --- | --- | --- |
//! | `POST /20231130/actions/chat` | [`ChatDetails`] | [`ChatResult`], or SSE events ([`ChatStreamEvent`]) when `isStream` is set |
//! | `POST /20231130/actions/embedText` | [`EmbedTextDetails`] | [`EmbedTextResult`] |
//! | `GET /20231130/models` (control plane) | query parameters | [`ModelCollection`] |
//! | any, on failure | | [`ErrorBody`] |
//!
//! # Conventions
//!
//! * Plain structs with public fields and `Default`. A field the SDK marks
//!   required is a plain field; every other field is an `Option` that is left
//!   out of the JSON when `None`, as the SDK does; `null` read from the wire
//!   becomes `None`. A few required fields are `Option`, or read as empty
//!   when missing, where the live service was seen leaving them out or where
//!   a partial answer should still parse; their docs say so.
//! * Unions discriminated by a JSON key (`apiFormat`, `role`, `type`,
//!   `servingType`) are enums whose variant structs write their own tag, so a
//!   variant struct serializes correctly on its own too. Each has an
//!   `Other(serde_json::Value)` variant: an unknown discriminator is kept, not
//!   an error.
//! * Enumerated strings are open enums (`Other(String)` keeps unknown values);
//!   values documented as free text, such as the GENERIC `finishReason`, are
//!   `String`.
//! * Everything serializes back to what it was read from, so the same types
//!   serve a mock of the service.

#[macro_use]
mod macros;
pub(crate) mod tagged;

mod chat;
mod cohere;
mod cohere_v2;
mod embed;
mod error_body;
mod generic;
mod generic_response;
mod model;
mod schema;
mod serving;
mod stream;
mod usage;

pub use chat::{ChatDetails, ChatRequest, ChatResponse, ChatResult, StreamOptions};
pub use cohere::{
    Citation, CitationQuality, CohereChatBotMessage, CohereChatRequest, CohereChatResponse,
    CohereFinishReason, CohereMessage, CohereParameterDefinition, CohereResponseFormat,
    CohereSystemMessage, CohereTool, CohereToolCall, CohereToolMessage, CohereToolResult,
    CohereUserMessage, PromptTruncation, SafetyMode, SearchQuery,
};
pub use cohere_v2::{
    CitationMode, CitationOptionsV2, CohereAssistantMessageV2, CohereChatRequestV2,
    CohereChatResponseV2, CohereCitationDocument, CohereCitationSourceType, CohereCitationSourceV2,
    CohereCitationToolV2, CohereCitationType, CohereCitationV2, CohereContentV2,
    CohereDocumentContentV2, CohereImageContentV2, CohereImageUrlV2, CohereMessageV2,
    CohereSystemMessageV2, CohereTextContentV2, CohereThinkingContentV2, CohereThinkingType,
    CohereThinkingV2, CohereToolCallV2, CohereToolMessageV2, CohereToolV2, CohereToolsChoice,
    CohereUserMessageV2, CohereV2FinishReason, Function, LogProbability,
};
pub use embed::{
    EmbedContent, EmbedImageContent, EmbedInputType, EmbedTextContent, EmbedTextDetails,
    EmbedTextResult, EmbedTruncate, EmbeddingType,
};
pub use error_body::{ErrorBody, OpenAiError};
pub use generic::{
    Annotation, ApproximateLocation, AssistantMessage, AudioContent, AudioUrl, ChatContent,
    DeveloperMessage, DocumentContent, DocumentUrl, FunctionCall, FunctionDefinition,
    GenericChatRequest, ImageContent, ImageDetail, ImageUrl, Message, MessageRole, Prediction,
    ReasoningEffort, ResponseFormat, ResponseJsonSchema, SearchContextSize, ServiceTier,
    SystemMessage, TextContent, ToolCall, ToolChoice, ToolDefinition, ToolMessage, ToolType,
    UrlCitation, UserMessage, Verbosity, VideoContent, VideoUrl, WebSearchOptions,
};
pub use generic_response::{
    ChatChoice, GenericChatResponse, GroundingChunk, GroundingMetadata, GroundingSupport,
    GroundingSupportSegment, GroundingWebChunk, Logprobs, SearchEntryPoint,
};
/// The type of text parts, re-exported so that callers need no dependency of their own.
pub use json_literal::JsonString;
pub use model::{ModelCapability, ModelCollection, ModelLifecycleState, ModelSummary, ModelType};
pub use schema::JsonSchema;
pub use serving::ServingMode;
pub use stream::{
    ChatStreamEvent, CohereStreamEvent, CohereV2StreamEvent, CohereV2StreamMessage,
    GenericStreamEvent, GenericStreamMessage, ToolCallFragment,
};
pub use usage::{CompletionTokensDetails, PromptTokensDetails, Usage};

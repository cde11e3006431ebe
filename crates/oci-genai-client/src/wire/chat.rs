//! `POST /20231130/actions/chat`: `ChatDetails` in, `ChatResult` out.

use serde::{Deserialize, Serialize};

use super::cohere::{CohereChatRequest, CohereChatResponse};
use super::cohere_v2::{CohereChatRequestV2, CohereChatResponseV2};
use super::generic::GenericChatRequest;
use super::generic_response::GenericChatResponse;
use super::serving::ServingMode;

/// The body of `POST /20231130/actions/chat` (SDK `ChatDetails`).
///
/// ```
/// use oci_genai_client::wire::{
///     ChatContent, ChatDetails, ChatRequest, GenericChatRequest, Message, ServingMode,
///     UserMessage,
/// };
///
/// let details = ChatDetails {
///     compartment_id: "ocid1.compartment.oc1..example".into(),
///     serving_mode: ServingMode::on_demand("meta.llama-3.3-70b-instruct"),
///     chat_request: ChatRequest::Generic(GenericChatRequest {
///         messages: vec![Message::User(UserMessage {
///             content: Some(vec![ChatContent::text("Hello")]),
///             ..Default::default()
///         })],
///         max_tokens: Some(256),
///         ..Default::default()
///     }),
/// };
/// let json = serde_json::to_value(&details).unwrap();
/// assert_eq!(json["chatRequest"]["apiFormat"], "GENERIC");
/// assert_eq!(json["chatRequest"]["messages"][0]["role"], "USER");
/// assert_eq!(json["chatRequest"]["messages"][0]["content"][0]["type"], "TEXT");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatDetails {
    /// `compartmentId` (required): the compartment OCID.
    pub compartment_id: String,
    /// `servingMode` (required).
    pub serving_mode: ServingMode,
    /// `chatRequest` (required).
    pub chat_request: ChatRequest,
}

tagged_enum! {
    /// The format-specific request (SDK `BaseChatRequest`, discriminated by
    /// `apiFormat`).
    #[expect(
        clippy::large_enum_variant,
        reason = "built once per call; boxing would make every request literal clumsier"
    )]
    pub enum ChatRequest (tag = "apiFormat") {
        /// `GENERIC`: every model except Cohere's.
        "GENERIC" => Generic(GenericChatRequest),
        /// `COHERE`: Cohere's V1 chat API.
        "COHERE" => Cohere(CohereChatRequest),
        /// `COHEREV2`: Cohere's V2 chat API.
        "COHEREV2" => CohereV2(CohereChatRequestV2),
    }
}

impl Default for ChatRequest {
    fn default() -> Self {
        Self::Generic(GenericChatRequest::default())
    }
}

/// Streaming options (SDK `StreamOptions`), for every format.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamOptions {
    /// `isIncludeUsage`: ask for token usage at the end of the stream. See
    /// [`crate::stream_completion`] for where it arrives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_include_usage: Option<bool>,
}

/// The body of a successful non-streaming chat answer (SDK `ChatResult`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatResult {
    /// `modelId` (required): the model, as sent in the request.
    pub model_id: String,
    /// `modelVersion` (required).
    pub model_version: String,
    /// `chatResponse` (required).
    pub chat_response: ChatResponse,
}

tagged_enum! {
    /// The format-specific answer (SDK `BaseChatResponse`, discriminated by
    /// `apiFormat`).
    pub enum ChatResponse (tag = "apiFormat") {
        /// `GENERIC`.
        "GENERIC" => Generic(GenericChatResponse),
        /// `COHERE`.
        "COHERE" => Cohere(CohereChatResponse),
        /// `COHEREV2`.
        "COHEREV2" => CohereV2(CohereChatResponseV2),
    }
}

impl Default for ChatResponse {
    fn default() -> Self {
        Self::Generic(GenericChatResponse::default())
    }
}

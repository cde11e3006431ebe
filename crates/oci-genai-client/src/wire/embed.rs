//! `POST /20231130/actions/embedText`: `EmbedTextDetails` in,
//! `EmbedTextResult` out.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::generic::ImageUrl;
use super::serving::ServingMode;
use super::usage::Usage;

string_enum! {
    /// An entry of `embeddingTypes` (**lowercase** on the wire).
    pub enum EmbeddingType {
        /// `float` (the default).
        Float = "float",
        /// `int8`.
        Int8 = "int8",
        /// `uint8`.
        Uint8 = "uint8",
        /// `binary`.
        Binary = "binary",
        /// `ubinary`.
        Ubinary = "ubinary",
        /// `base64`.
        Base64 = "base64",
    }
}

string_enum! {
    /// `truncate` of an embedding request: what to cut from an input that is too long.
    pub enum EmbedTruncate {
        /// `NONE`: fail instead.
        None = "NONE",
        /// `START`.
        Start = "START",
        /// `END`.
        End = "END",
    }
}

string_enum! {
    /// `inputType` of an embedding request.
    pub enum EmbedInputType {
        /// `SEARCH_DOCUMENT`.
        SearchDocument = "SEARCH_DOCUMENT",
        /// `SEARCH_QUERY`.
        SearchQuery = "SEARCH_QUERY",
        /// `CLASSIFICATION`.
        Classification = "CLASSIFICATION",
        /// `CLUSTERING`.
        Clustering = "CLUSTERING",
        /// `IMAGE`: `inputs` holds one base64 image data URI.
        Image = "IMAGE",
    }
}

/// The body of `POST /20231130/actions/embedText` (SDK `EmbedTextDetails`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmbedTextDetails {
    /// `inputs`: texts (each at most 512 tokens for v3 models), or one image
    /// data URI with `inputType: "IMAGE"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Vec<String>>,
    /// `embedContents`: mixed text and image inputs (embed-v4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embed_contents: Option<Vec<EmbedContent>>,
    /// `servingMode` (required).
    pub serving_mode: ServingMode,
    /// `compartmentId` (required).
    pub compartment_id: String,
    /// `isEcho`: return the inputs too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_echo: Option<bool>,
    /// `embeddingTypes`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embedding_types: Option<Vec<EmbeddingType>>,
    /// `outputDimensions`: 256, 512, 1024 or 1536 (embed-v4 and later).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_dimensions: Option<u32>,
    /// `truncate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncate: Option<EmbedTruncate>,
    /// `inputType`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_type: Option<EmbedInputType>,
}

tagged_enum! {
    /// One input of `embedContents` (SDK `EmbedContent`, discriminated by `type`).
    pub enum EmbedContent (tag = "type") {
        /// `TEXT`.
        "TEXT" => Text(EmbedTextContent),
        /// `IMAGE`.
        "IMAGE" => Image(EmbedImageContent),
    }
}

/// `type: "TEXT"` (SDK `EmbedTextContent`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "TEXT", rename_all = "camelCase")]
pub struct EmbedTextContent {
    /// `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// `type: "IMAGE"` (SDK `EmbedImageContent`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "IMAGE", rename_all = "camelCase")]
pub struct EmbedImageContent {
    /// `imageUrl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<ImageUrl>,
}

/// The answer of `embedText` (SDK `EmbedTextResult`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmbedTextResult {
    /// `id` (required).
    pub id: String,
    /// `inputs`: when `isEcho` was set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Vec<String>>,
    /// `embedContents`: when `isEcho` was set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embed_contents: Option<Vec<EmbedContent>>,
    /// `embeddings` (required): one float vector per input. Read as empty when
    /// missing.
    #[serde(default)]
    pub embeddings: Vec<Vec<f64>>,
    /// `embeddingsByType`: type name (`"int8"`, `"base64"`, …) → vectors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embeddings_by_type: Option<Map<String, Value>>,
    /// `modelId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_id: Option<String>,
    /// `modelVersion`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_version: Option<String>,
    /// `usage`: `promptTokens` and `totalTokens`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
}

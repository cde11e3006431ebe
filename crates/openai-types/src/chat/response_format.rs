//! The `response_format` option: free text, any JSON object, or JSON matching a schema.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The output format the model must produce, tagged by `type`.
///
/// [Spec](https://platform.openai.com/docs/api-reference/chat/create#chat-create-response_format).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ResponseFormat {
    /// `{"type": "text"}`: the default.
    #[default]
    Text,
    /// `{"type": "json_object"}`: any valid JSON object (JSON mode).
    JsonObject,
    /// `{"type": "json_schema", "json_schema": {...}}`: JSON matching a schema
    /// (structured outputs).
    JsonSchema {
        /// The schema and its name.
        json_schema: ResponseFormatJsonSchema,
    },
}

/// The schema of a `json_schema` response format.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResponseFormatJsonSchema {
    /// A name for the schema (`a-z`, `A-Z`, `0-9`, `_`, `-`; at most 64 characters).
    pub name: String,
    /// What the format is for, for the model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The JSON Schema, kept as raw JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<Value>,
    /// Whether the output must follow the schema exactly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strict: Option<bool>,
}

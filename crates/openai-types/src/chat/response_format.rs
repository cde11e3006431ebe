//! The `response_format` option: free text, any JSON object, or JSON matching a schema.

use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer, Serialize};

use super::parameters::FunctionParameters;
use crate::single_pass::{TaggedObject, deserialize_tagged};

/// The output format the model must produce, tagged by `type`.
///
/// Read in one pass when `type` comes first (as every client writes it), so that a schema
/// keeps its text and key order (a model writes the fields of its answer in the schema's
/// order); an object with keys before its `type` is read through a `serde_json::Value`, which
/// sorts them.
///
/// [Spec](https://platform.openai.com/docs/api-reference/chat/create#chat-create-response_format).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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
    /// The JSON Schema, kept as the text it was read from (see [`FunctionParameters`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<FunctionParameters>,
    /// Whether the output must follow the schema exactly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strict: Option<bool>,
}

/// The `type` values.
#[derive(Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
pub(crate) enum Kind {
    Text,
    JsonObject,
    JsonSchema,
}

/// What follows `"type": "json_schema"`.
#[derive(Deserialize)]
struct JsonSchemaBody {
    json_schema: ResponseFormatJsonSchema,
}

impl<'de> TaggedObject<'de> for ResponseFormat {
    type Tag = Kind;
    const TAG: &'static [&'static str] = &["type"];

    fn variant<R: Deserializer<'de>>(kind: Kind, rest: R) -> Result<Self, R::Error> {
        match kind {
            Kind::Text => {
                IgnoredAny::deserialize(rest)?;
                Ok(Self::Text)
            }
            Kind::JsonObject => {
                IgnoredAny::deserialize(rest)?;
                Ok(Self::JsonObject)
            }
            Kind::JsonSchema => JsonSchemaBody::deserialize(rest).map(|body| Self::JsonSchema {
                json_schema: body.json_schema,
            }),
        }
    }
}

impl<'de> Deserialize<'de> for ResponseFormat {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_tagged(deserializer, "a response format object with a `type`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<ResponseFormat, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// A model writes its answer's fields in the schema's order: the schema goes out as it
    /// came in.
    #[test]
    fn a_schema_keeps_its_text_and_key_order() {
        let json = r#"{"type":"json_schema","json_schema":{"name":"a","schema":{"type":"object","properties":{"reasoning":{"type":"string"},"answer":{"type":"string"}}},"strict":true}}"#;
        let format = read(json).unwrap();
        assert_eq!(serde_json::to_string(&format).unwrap(), json);
    }

    #[test]
    fn every_form_reads() {
        assert_eq!(read(r#"{"type":"text"}"#).unwrap(), ResponseFormat::Text);
        assert_eq!(
            read(r#"{"type":"json_object","extra":1}"#).unwrap(),
            ResponseFormat::JsonObject
        );
        // `type` after the schema: read through a value, so the keys come out sorted.
        let late = read(
            r#"{"json_schema":{"name":"a","schema":{"properties":{"b":{},"a":{}}}},"type":"json_schema"}"#,
        )
        .unwrap();
        let ResponseFormat::JsonSchema { json_schema } = &late else {
            panic!("{late:?}")
        };
        assert_eq!(json_schema.name, "a");
        assert_eq!(
            serde_json::to_string(&json_schema.schema).unwrap(),
            r#"{"properties":{"a":{},"b":{}}}"#
        );
    }

    #[test]
    fn what_is_not_a_format_is_refused() {
        for json in [
            r#"{"type":"xml"}"#,
            r#"{"json_schema":{"name":"a"}}"#,
            r#"{"type":"json_schema"}"#,
            r#"{"type":"text","type":"text"}"#,
            r#""text""#,
        ] {
            assert!(read(json).is_err(), "{json}");
        }
    }
}

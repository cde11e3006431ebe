//! Embeddings: `POST /v1/embeddings`.

use std::fmt;

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::macros::string_enum;
use crate::single_pass::struct_with_extra_deserialize;

/// A request to `POST /v1/embeddings`.
///
/// [Spec](https://platform.openai.com/docs/api-reference/embeddings/create). Unknown fields
/// land in [`extra`](Self::extra) and are written back unchanged.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CreateEmbeddingRequest {
    /// The text or tokens to embed.
    pub input: EmbeddingInput,
    /// The model id, e.g. `text-embedding-3-small`.
    pub model: String,
    /// `float` (the default) or `base64` (little-endian `f32` bytes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding_format: Option<EncodingFormat>,
    /// The number of dimensions to return (`text-embedding-3` and later).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<u32>,
    /// A stable end-user id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Every field this crate does not type, kept verbatim (e.g. a provider's `input_type`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

struct_with_extra_deserialize!(CreateEmbeddingRequest, expecting = "an embeddings request object",
    required {
        input: EmbeddingInput,
        model: String,
    }
    optional {
        encoding_format: EncodingFormat,
        dimensions: u32,
        user: String,
    }
);

impl CreateEmbeddingRequest {
    /// A request embedding `input` with `model`.
    pub fn new(model: impl Into<String>, input: impl Into<EmbeddingInput>) -> Self {
        Self {
            model: model.into(),
            input: input.into(),
            ..Self::default()
        }
    }
}

/// What to embed: a string, strings, a token array or token arrays.
///
/// Read by one visitor that looks at the JSON type of the value and, for arrays, of the first
/// element; an array mixing strings and numbers is an error, as it is for OpenAI. An empty
/// array reads as an empty [`StringArray`](Self::StringArray).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EmbeddingInput {
    /// `"input": "text"`.
    String(String),
    /// `"input": ["text", ...]`.
    StringArray(Vec<String>),
    /// `"input": [1, 2, 3]`: one pre-tokenised input.
    IntegerArray(Vec<u32>),
    /// `"input": [[1, 2], [3]]`: several pre-tokenised inputs.
    ArrayOfIntegerArray(Vec<Vec<u32>>),
}

impl Default for EmbeddingInput {
    fn default() -> Self {
        Self::String(String::new())
    }
}

impl EmbeddingInput {
    /// How many embeddings the request asks for.
    #[must_use]
    pub fn len(&self) -> usize {
        match self {
            Self::String(_) | Self::IntegerArray(_) => 1,
            Self::StringArray(inputs) => inputs.len(),
            Self::ArrayOfIntegerArray(inputs) => inputs.len(),
        }
    }

    /// Whether the request asks for no embedding at all (an empty array).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<&str> for EmbeddingInput {
    fn from(input: &str) -> Self {
        Self::String(input.to_owned())
    }
}

impl From<String> for EmbeddingInput {
    fn from(input: String) -> Self {
        Self::String(input)
    }
}

impl From<Vec<String>> for EmbeddingInput {
    fn from(inputs: Vec<String>) -> Self {
        Self::StringArray(inputs)
    }
}

impl From<Vec<&str>> for EmbeddingInput {
    fn from(inputs: Vec<&str>) -> Self {
        Self::StringArray(inputs.into_iter().map(str::to_owned).collect())
    }
}

impl From<Vec<u32>> for EmbeddingInput {
    fn from(tokens: Vec<u32>) -> Self {
        Self::IntegerArray(tokens)
    }
}

impl From<Vec<Vec<u32>>> for EmbeddingInput {
    fn from(tokens: Vec<Vec<u32>>) -> Self {
        Self::ArrayOfIntegerArray(tokens)
    }
}

impl Serialize for EmbeddingInput {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::String(input) => serializer.serialize_str(input),
            Self::StringArray(inputs) => inputs.serialize(serializer),
            Self::IntegerArray(tokens) => tokens.serialize(serializer),
            Self::ArrayOfIntegerArray(tokens) => tokens.serialize(serializer),
        }
    }
}

/// The first element of an input array, which decides the array's kind.
enum FirstElement {
    String(String),
    Token(u32),
    Tokens(Vec<u32>),
}

impl<'de> Deserialize<'de> for FirstElement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FirstVisitor;

        impl<'de> Visitor<'de> for FirstVisitor {
            type Value = FirstElement;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, a token id or an array of token ids")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(FirstElement::String(value.to_owned()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(FirstElement::String(value))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
                u32::try_from(value)
                    .map(FirstElement::Token)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
                u32::try_from(value)
                    .map(FirstElement::Token)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut tokens = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(token) = seq.next_element()? {
                    tokens.push(token);
                }
                Ok(FirstElement::Tokens(tokens))
            }
        }

        deserializer.deserialize_any(FirstVisitor)
    }
}

fn rest<'de, A, T>(mut seq: A, first: T) -> Result<Vec<T>, A::Error>
where
    A: SeqAccess<'de>,
    T: Deserialize<'de>,
{
    let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).saturating_add(1));
    items.push(first);
    while let Some(item) = seq.next_element()? {
        items.push(item);
    }
    Ok(items)
}

impl<'de> Deserialize<'de> for EmbeddingInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InputVisitor;

        impl<'de> Visitor<'de> for InputVisitor {
            type Value = EmbeddingInput;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a string, an array of strings, an array of token ids or an array of arrays \
                     of token ids",
                )
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(EmbeddingInput::String(value.to_owned()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(EmbeddingInput::String(value))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                Ok(match seq.next_element::<FirstElement>()? {
                    None => EmbeddingInput::StringArray(Vec::new()),
                    Some(FirstElement::String(first)) => {
                        EmbeddingInput::StringArray(rest(seq, first)?)
                    }
                    Some(FirstElement::Token(first)) => {
                        EmbeddingInput::IntegerArray(rest(seq, first)?)
                    }
                    Some(FirstElement::Tokens(first)) => {
                        EmbeddingInput::ArrayOfIntegerArray(rest(seq, first)?)
                    }
                })
            }
        }

        deserializer.deserialize_any(InputVisitor)
    }
}

string_enum! {
    /// The encoding of returned embeddings.
    pub enum EncodingFormat {
        /// `"float"`: JSON arrays of numbers.
        Float = "float",
        /// `"base64"`: little-endian `f32` bytes, base64-encoded (what the official SDKs ask
        /// for by default, as it is smaller).
        Base64 = "base64",
    }
}

/// The answer to `POST /v1/embeddings` (`"object": "list"`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreateEmbeddingResponse {
    /// Always `"list"`.
    pub object: String,
    /// One embedding per input, in input order.
    pub data: Vec<Embedding>,
    /// The model that produced them.
    pub model: String,
    /// Token counts.
    #[serde(default)]
    pub usage: EmbeddingUsage,
}

impl CreateEmbeddingResponse {
    /// The `object` value of an embeddings response.
    pub const OBJECT: &'static str = "list";
}

impl Default for CreateEmbeddingResponse {
    fn default() -> Self {
        Self {
            object: Self::OBJECT.to_owned(),
            data: Vec::new(),
            model: String::new(),
            usage: EmbeddingUsage::default(),
        }
    }
}

/// One embedding (`"object": "embedding"`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Embedding {
    /// The position of the input this embeds.
    pub index: u32,
    /// Always `"embedding"`.
    pub object: String,
    /// The vector, as floats or base64.
    pub embedding: EmbeddingVector,
}

impl Embedding {
    /// The `object` value of an embedding.
    pub const OBJECT: &'static str = "embedding";

    /// The embedding of input `index`.
    pub fn new(index: u32, embedding: impl Into<EmbeddingVector>) -> Self {
        Self {
            index,
            object: Self::OBJECT.to_owned(),
            embedding: embedding.into(),
        }
    }
}

impl Default for Embedding {
    fn default() -> Self {
        Self::new(0, Vec::new())
    }
}

/// An embedding vector: floats, or base64 when `encoding_format` was `base64`.
///
/// Floats are `f32`, the precision the models produce and the official SDKs decode base64
/// into; that also halves the memory of large batches.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum EmbeddingVector {
    /// `[0.1, -0.2, ...]`.
    Float(Vec<f32>),
    /// Little-endian `f32` bytes, base64-encoded.
    Base64(String),
}

impl Default for EmbeddingVector {
    fn default() -> Self {
        Self::Float(Vec::new())
    }
}

impl From<Vec<f32>> for EmbeddingVector {
    fn from(vector: Vec<f32>) -> Self {
        Self::Float(vector)
    }
}

impl Serialize for EmbeddingVector {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Float(vector) => vector.serialize(serializer),
            Self::Base64(encoded) => serializer.serialize_str(encoded),
        }
    }
}

impl<'de> Deserialize<'de> for EmbeddingVector {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VectorVisitor;

        impl<'de> Visitor<'de> for VectorVisitor {
            type Value = EmbeddingVector;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of numbers or a base64 string")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(EmbeddingVector::Base64(value.to_owned()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(EmbeddingVector::Base64(value))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut vector = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(value) = seq.next_element()? {
                    vector.push(value);
                }
                Ok(EmbeddingVector::Float(vector))
            }
        }

        deserializer.deserialize_any(VectorVisitor)
    }
}

/// Token counts of an embeddings request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbeddingUsage {
    /// Tokens in the input.
    #[serde(default)]
    pub prompt_tokens: u32,
    /// The same as `prompt_tokens`.
    #[serde(default)]
    pub total_tokens: u32,
}

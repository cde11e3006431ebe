//! A tool's JSON Schema in a request.

use std::borrow::Cow;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

/// A tool's JSON Schema: a value, or JSON text sent exactly as it is.
///
/// The text form lets a caller that received a schema as JSON (a client's tool definition that
/// needs no change) pass it on without building a tree and writing it out again. Reading always
/// gives [`JsonSchema::Value`]: the tool types are read through serde's buffering of tagged
/// unions, which keeps no JSON text.
///
/// Two schemas are equal when they hold the same JSON value.
///
/// ```
/// use oci_genai_client::wire::JsonSchema;
/// use serde_json::{json, value::RawValue};
///
/// let text = JsonSchema::from(RawValue::from_string(r#"{"type": "object"}"#.to_owned())?);
/// assert_eq!(serde_json::to_string(&text)?, r#"{"type": "object"}"#);
/// assert_eq!(text, JsonSchema::from(json!({"type": "object"})));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum JsonSchema {
    /// A schema as a JSON value.
    Value(Value),
    /// A schema as JSON text, written verbatim.
    Text(Box<RawValue>),
}

impl JsonSchema {
    /// The schema as a JSON value, parsed when it is text.
    ///
    /// # Errors
    /// When the text holds what no JSON value can: nesting past serde_json's limit, a number
    /// out of range, a lone surrogate escape (a [`RawValue`] is checked for its syntax only).
    pub fn to_value(&self) -> Result<Cow<'_, Value>, serde_json::Error> {
        match self {
            Self::Value(value) => Ok(Cow::Borrowed(value)),
            Self::Text(text) => serde_json::from_str(text.get()).map(Cow::Owned),
        }
    }
}

impl Default for JsonSchema {
    fn default() -> Self {
        Self::Value(Value::Null)
    }
}

impl From<Value> for JsonSchema {
    fn from(value: Value) -> Self {
        Self::Value(value)
    }
}

impl From<Box<RawValue>> for JsonSchema {
    fn from(text: Box<RawValue>) -> Self {
        Self::Text(text)
    }
}

impl PartialEq for JsonSchema {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Value(a), Self::Value(b)) => a == b,
            _ => match (self.to_value(), other.to_value()) {
                (Ok(a), Ok(b)) => a == b,
                _ => false,
            },
        }
    }
}

impl Serialize for JsonSchema {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(value) => value.serialize(serializer),
            Self::Text(text) => text.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for JsonSchema {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(Self::Value)
    }
}

//! A function's `parameters`: the JSON Schema of its arguments.

use std::borrow::Cow;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

/// A function's `parameters`: a JSON Schema, either the JSON text a request was read from or a
/// value built in code.
///
/// Schemas are open-ended and a backend usually passes them on as they are, so reading a
/// request keeps each schema as its text: the JSON syntax is checked but no tree is built, and
/// writing it out again copies the text, with the client's key order and number spelling. A
/// caller that needs the tree asks [`FunctionParameters::to_value`].
///
/// Reading keeps the text through [`serde_json`] (from a string, bytes, a reader or a
/// [`Value`]; read from a `Value`, the text is that value written out, keys sorted). A tool
/// whose `type` comes after its `function` is read through a `Value` (no known client writes
/// one so). serde's `#[serde(flatten)]` and internally tagged enums buffer what they read in a
/// form that has no JSON text, so a type of those kinds cannot hold a `FunctionParameters`;
/// the request types of this crate read in one pass and never do.
///
/// Two values are equal when they hold the same JSON value, whatever the spelling of its text.
///
/// ```
/// use openai_types::chat::FunctionParameters;
/// use serde_json::json;
///
/// let read: FunctionParameters = serde_json::from_str(r#"{ "type": "object" }"#)?;
/// assert_eq!(read.json_text().map(|text| text.get()), Some(r#"{ "type": "object" }"#));
/// assert_eq!(read, FunctionParameters::from(json!({"type": "object"})));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum FunctionParameters {
    /// The JSON text of the schema, as read.
    Text(Box<RawValue>),
    /// A schema built as a value.
    Value(Value),
}

impl FunctionParameters {
    /// The schema as a JSON value, parsed from its text when it was read.
    ///
    /// # Errors
    /// Reading a request checks the schema's JSON syntax only; parsing it fails on what no JSON
    /// value can hold: nesting past serde_json's limit, a number out of range (`1e400`), a
    /// lone surrogate escape (`"\ud800"`).
    pub fn to_value(&self) -> Result<Cow<'_, Value>, serde_json::Error> {
        match self {
            Self::Text(text) => serde_json::from_str(text.get()).map(Cow::Owned),
            Self::Value(value) => Ok(Cow::Borrowed(value)),
        }
    }

    /// The schema as a JSON value, parsed from its text when it was read.
    ///
    /// # Errors
    /// As [`FunctionParameters::to_value`].
    pub fn into_value(self) -> Result<Value, serde_json::Error> {
        match self {
            Self::Text(text) => serde_json::from_str(text.get()),
            Self::Value(value) => Ok(value),
        }
    }

    /// The JSON text the schema was read from, if it was read rather than built.
    #[must_use]
    pub fn json_text(&self) -> Option<&RawValue> {
        match self {
            Self::Text(text) => Some(text),
            Self::Value(_) => None,
        }
    }
}

impl From<Value> for FunctionParameters {
    fn from(value: Value) -> Self {
        Self::Value(value)
    }
}

impl From<Box<RawValue>> for FunctionParameters {
    fn from(text: Box<RawValue>) -> Self {
        Self::Text(text)
    }
}

impl PartialEq for FunctionParameters {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Text(a), Self::Text(b)) if a.get() == b.get() => true,
            _ => match (self.to_value(), other.to_value()) {
                (Ok(a), Ok(b)) => a == b,
                _ => false,
            },
        }
    }
}

impl Serialize for FunctionParameters {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(text) => text.serialize(serializer),
            Self::Value(value) => value.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for FunctionParameters {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(Self::Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn read_text_is_written_back_as_it_was() {
        let text = r#"{"type":"object","properties":{"b":{"type":"integer"},"a":{"type":"number","minimum":1.50}}}"#;
        let parameters: FunctionParameters = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&parameters).unwrap(), text);
    }

    #[test]
    fn equality_is_of_values_not_spellings() {
        let spaced: FunctionParameters =
            serde_json::from_str(r#"{ "b": 1, "a": "\u0078" }"#).unwrap();
        let tight: FunctionParameters = serde_json::from_str(r#"{"a":"x","b":1}"#).unwrap();
        assert_eq!(spaced, tight);
        assert_eq!(spaced, FunctionParameters::from(json!({"a": "x", "b": 1})));
        assert_ne!(spaced, FunctionParameters::from(json!({"a": "x", "b": 2})));
    }

    #[test]
    fn a_value_reads_through_a_value_deserializer_too() {
        let parameters: FunctionParameters =
            serde_json::from_value(json!({"type": "object"})).unwrap();
        assert!(parameters.json_text().is_some());
        assert_eq!(parameters.into_value().unwrap(), json!({"type": "object"}));
    }

    #[test]
    fn invalid_json_is_an_error() {
        assert!(serde_json::from_str::<FunctionParameters>(r#"{"type": }"#).is_err());
    }
}

//! Readers that go over a JSON object once.
//!
//! serde's derived readers for an internally tagged enum (`#[serde(tag = "role")]`) and for a
//! struct with a `#[serde(flatten)]` map first copy the whole object into an intermediate tree,
//! then read the value again from that copy. On a 44 KB agent request that is most of the
//! parsing time: every message, content part, tool and tool schema is built twice, and the
//! top-level `extra` map puts the entire request through it once more.
//!
//! The two macros here read the same JSON in one pass and accept exactly what the derived
//! readers accept:
//! - [`tagged_enum_deserialize!`] reads the tag, then hands the rest of the object straight
//!   to the variant's own reader. Every client we know writes the tag first; an object with
//!   other keys before its tag is still read, through a `serde_json::Value` buffer.
//! - [`struct_with_extra_deserialize!`] reads each key into its typed field, and anything
//!   unknown into the `extra` map.
//!
//! Object keys are read with [`KnownKeys`], which allocates only for a key it does not know.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

/// An object key: one of the names a reader knows, or any other.
pub(crate) enum Key {
    /// One of the [`KnownKeys`], borrowed from the list.
    Known(&'static str),
    /// Any other key.
    Other(String),
}

/// Reads an object key, allocating only for a key not in the list.
pub(crate) struct KnownKeys(pub(crate) &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KnownKeys {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KnownKeys {
    type Value = Key;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(match self.0.iter().find(|known| **known == key) {
            Some(known) => Key::Known(known),
            None => Key::Other(key.to_owned()),
        })
    }
}

/// Implements `Deserialize` for an enum of newtype variants tagged by a key of the object,
/// as `#[serde(tag = "...")]` would, in one pass.
///
/// The variant names and their wire values are listed once; an unknown value is serde's usual
/// "unknown variant" error and a missing tag its "missing field" error.
macro_rules! tagged_enum_deserialize {
    (
        $name:ident, tag = $tag:literal, expecting = $expecting:literal,
        { $($variant:ident = $value:literal),+ $(,)? }
    ) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                #[derive(::serde::Deserialize)]
                enum Tag {
                    $(#[serde(rename = $value)] $variant,)+
                }

                fn variant<'de, R: ::serde::Deserializer<'de>>(
                    tag: Tag,
                    rest: R,
                ) -> ::std::result::Result<$name, R::Error> {
                    match tag {
                        $(Tag::$variant => ::serde::Deserialize::deserialize(rest).map($name::$variant),)+
                    }
                }

                struct TaggedVisitor;

                impl<'de> ::serde::de::Visitor<'de> for TaggedVisitor {
                    type Value = $name;

                    fn expecting(
                        &self,
                        formatter: &mut ::std::fmt::Formatter<'_>,
                    ) -> ::std::fmt::Result {
                        formatter.write_str($expecting)
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::std::result::Result<$name, A::Error> {
                        let mut before_tag = ::serde_json::Map::new();
                        while let Some(key) =
                            map.next_key_seed($crate::single_pass::KnownKeys(&[$tag]))?
                        {
                            let $crate::single_pass::Key::Other(key) = key else {
                                let tag: Tag = map.next_value()?;
                                if before_tag.is_empty() {
                                    return variant(
                                        tag,
                                        ::serde::de::value::MapAccessDeserializer::new(map),
                                    );
                                }
                                while let Some((key, value)) =
                                    map.next_entry::<String, ::serde_json::Value>()?
                                {
                                    before_tag.insert(key, value);
                                }
                                return variant(tag, ::serde_json::Value::Object(before_tag))
                                    .map_err(::serde::de::Error::custom);
                            };
                            before_tag.insert(key, map.next_value()?);
                        }
                        Err(::serde::de::Error::missing_field($tag))
                    }
                }

                deserializer.deserialize_map(TaggedVisitor)
            }
        }
    };
}

/// Implements `Deserialize` for a struct whose unknown keys go to an `extra` map, as
/// `#[serde(flatten)] extra: Map<String, Value>` would, in one pass.
///
/// `required` fields are errors when missing; `optional` fields are `Option<T>` (listed with
/// `T`), `None` when missing or `null`. The compiler checks the list against the struct: a
/// field left out, or listed with another type, does not build.
macro_rules! struct_with_extra_deserialize {
    (
        $name:ident, expecting = $expecting:literal,
        required { $($required:ident: $required_ty:ty),+ $(,)? }
        optional { $($optional:ident: $optional_ty:ty),* $(,)? }
    ) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct FieldsVisitor;

                impl<'de> ::serde::de::Visitor<'de> for FieldsVisitor {
                    type Value = $name;

                    fn expecting(
                        &self,
                        formatter: &mut ::std::fmt::Formatter<'_>,
                    ) -> ::std::fmt::Result {
                        formatter.write_str($expecting)
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::std::result::Result<$name, A::Error> {
                        $(let mut $required: Option<$required_ty> = None;)+
                        // The outer `Option` tells a repeated key from a `null` one.
                        $(let mut $optional: Option<Option<$optional_ty>> = None;)*
                        let mut extra = ::serde_json::Map::new();
                        const KNOWN: &[&str] = &[
                            $(stringify!($required),)+ $(stringify!($optional),)*
                        ];
                        while let Some(key) =
                            map.next_key_seed($crate::single_pass::KnownKeys(KNOWN))?
                        {
                            use $crate::single_pass::Key;
                            match key {
                                $(Key::Known(stringify!($required)) => {
                                    if $required.is_some() {
                                        return Err(::serde::de::Error::duplicate_field(
                                            stringify!($required),
                                        ));
                                    }
                                    $required = Some(map.next_value()?);
                                })+
                                $(Key::Known(stringify!($optional)) => {
                                    if $optional.is_some() {
                                        return Err(::serde::de::Error::duplicate_field(
                                            stringify!($optional),
                                        ));
                                    }
                                    $optional = Some(map.next_value()?);
                                })*
                                // Every known key has its arm above.
                                Key::Known(key) => {
                                    extra.insert(key.to_owned(), map.next_value()?);
                                }
                                Key::Other(key) => {
                                    extra.insert(key, map.next_value()?);
                                }
                            }
                        }
                        Ok($name {
                            $($required: $required.ok_or_else(|| {
                                ::serde::de::Error::missing_field(stringify!($required))
                            })?,)+
                            $($optional: $optional.flatten(),)*
                            extra,
                        })
                    }
                }

                deserializer.deserialize_map(FieldsVisitor)
            }
        }
    };
}

pub(crate) use {struct_with_extra_deserialize, tagged_enum_deserialize};

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::chat::{
        ChatCompletionRequestMessage, ChatCompletionTools, CreateChatCompletionRequest,
    };
    use crate::embeddings::CreateEmbeddingRequest;

    fn error_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
        serde_json::from_str::<T>(text).unwrap_err().to_string()
    }

    #[test]
    fn a_tag_after_other_keys_reads_the_same_as_a_tag_first() {
        let first: ChatCompletionRequestMessage =
            serde_json::from_str(r#"{"role":"tool","content":"42","tool_call_id":"c1"}"#).unwrap();
        let last: ChatCompletionRequestMessage =
            serde_json::from_str(r#"{"content":"42","tool_call_id":"c1","role":"tool"}"#).unwrap();
        assert_eq!(first, ChatCompletionRequestMessage::tool("42", "c1"));
        assert_eq!(last, first);

        let tool = json!({"function": {"name": "f", "parameters": {"type": "object"}}, "type": "function"});
        let tool: ChatCompletionTools = serde_json::from_value(tool).unwrap();
        assert_eq!(tool.as_function().unwrap().name, "f");
    }

    #[test]
    fn a_missing_or_unknown_tag_is_serdes_usual_error() {
        let missing = error_of::<ChatCompletionRequestMessage>(r#"{"content":"hi"}"#);
        assert!(missing.starts_with("missing field `role`"), "{missing}");
        let unknown =
            error_of::<ChatCompletionRequestMessage>(r#"{"role":"robot","content":"hi"}"#);
        assert!(
            unknown.starts_with("unknown variant `robot`, expected one of `developer`"),
            "{unknown}"
        );
        let not_an_object = error_of::<ChatCompletionRequestMessage>(r#""hi""#);
        assert!(
            not_an_object.contains("expected a message object with a `role`"),
            "{not_an_object}"
        );
    }

    #[test]
    fn a_variants_own_errors_come_through_either_way() {
        let tag_first =
            error_of::<ChatCompletionRequestMessage>(r#"{"role":"tool","content":"x"}"#);
        assert!(
            tag_first.starts_with("missing field `tool_call_id`"),
            "{tag_first}"
        );
        let tag_last = error_of::<ChatCompletionRequestMessage>(r#"{"content":"x","role":"tool"}"#);
        assert!(
            tag_last.starts_with("missing field `tool_call_id`"),
            "{tag_last}"
        );
    }

    #[test]
    fn unknown_keys_go_to_extra_and_null_reads_as_missing() {
        let request: CreateChatCompletionRequest = serde_json::from_value(json!({
            "model": "m",
            "messages": [{"role": "user", "content": "hi"}],
            "temperature": null,
            "top_k": 40,
            "chat_template_kwargs": {"thinking": true},
            "stream": true,
        }))
        .unwrap();
        assert_eq!(request.model, "m");
        assert_eq!(request.temperature, None);
        assert_eq!(request.stream, Some(true));
        assert_eq!(request.extra.len(), 2);
        assert_eq!(request.extra["top_k"], 40);
        assert_eq!(
            request.extra["chat_template_kwargs"],
            json!({"thinking": true})
        );
    }

    #[test]
    fn required_missing_and_repeated_keys_are_errors() {
        let missing = error_of::<CreateChatCompletionRequest>(r#"{"messages":[]}"#);
        assert!(missing.starts_with("missing field `model`"), "{missing}");
        let repeated =
            error_of::<CreateChatCompletionRequest>(r#"{"model":"a","messages":[],"model":"b"}"#);
        assert!(
            repeated.starts_with("duplicate field `model`"),
            "{repeated}"
        );
        let repeated_optional = error_of::<CreateChatCompletionRequest>(
            r#"{"model":"a","messages":[],"stream":null,"stream":true}"#,
        );
        assert!(
            repeated_optional.starts_with("duplicate field `stream`"),
            "{repeated_optional}"
        );
        let wrong_type = error_of::<CreateChatCompletionRequest>(r#"{"model":5,"messages":[]}"#);
        assert!(
            wrong_type.starts_with("invalid type: integer `5`, expected a string"),
            "{wrong_type}"
        );

        let missing = error_of::<CreateEmbeddingRequest>(r#"{"model":"e"}"#);
        assert!(missing.starts_with("missing field `input`"), "{missing}");
    }
}

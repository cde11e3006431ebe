//! Readers that go over a JSON object once.
//!
//! serde's derived readers for an internally tagged enum (`#[serde(tag = "role")]`) and for a
//! struct with a `#[serde(flatten)]` map first copy the whole object into an intermediate tree,
//! then read the value again from that copy. On a 44 KB agent request that is most of the
//! parsing time: every message, content part, tool and tool schema is built twice, and the
//! top-level `extra` map puts the entire request through it once more.
//!
//! The two macros here read the same JSON in one pass:
//! - [`tagged_enum_deserialize!`] (through [`read_tagged`]) reads the tag, then hands the rest of the object straight
//!   to the variant's own reader. Every client we know writes the tag first; an object with
//!   other keys before its tag is still read, through a `serde_json::Value` buffer. A repeated
//!   tag is serde's "duplicate field" error either way; so is, in an object whose tag comes
//!   late, any repeated key (the derived reader let a repeated unknown key pass).
//! - [`struct_with_extra_deserialize!`] reads each key into its typed field, and anything
//!   unknown into the `extra` map, as `flatten` did (a repeated known key is an error, the
//!   last of a repeated unknown key wins).
//!
//! Object keys are read with [`KnownKeys`], which allocates only for a key it does not know
//! and that the input does not lend.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

/// An object key: one of the names a reader knows, or any other.
pub(crate) enum Key<'de> {
    /// One of the [`KnownKeys`], borrowed from the list.
    Known(&'static str),
    /// Any other key, borrowed from the input when it can be.
    Other(Cow<'de, str>),
}

/// Reads an object key, allocating only for a key not in the list.
pub(crate) struct KnownKeys(pub(crate) &'static [&'static str]);

impl KnownKeys {
    fn find(&self, key: &str) -> Option<&'static str> {
        self.0.iter().copied().find(|known| *known == key)
    }
}

impl<'de> DeserializeSeed<'de> for KnownKeys {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KnownKeys {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object key")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(self
            .find(key)
            .map_or(Key::Other(Cow::Borrowed(key)), Key::Known))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self
            .find(key)
            .map_or_else(|| Key::Other(Cow::Owned(key.to_owned())), Key::Known))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Self::Value, E> {
        Ok(self
            .find(&key)
            .map_or(Key::Other(Cow::Owned(key)), Key::Known))
    }
}

/// The rest of an object after its tag, for the variant's reader: the same entries, with a
/// second tag refused as serde's derived reader refuses it.
struct AfterTag<A> {
    map: A,
    tag: &'static [&'static str],
}

impl<A> AfterTag<A> {
    fn new(map: A, tag: &'static [&'static str]) -> Self {
        Self { map, tag }
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for AfterTag<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.map.next_key_seed(KnownKeys(self.tag))? {
            None => Ok(None),
            Some(Key::Known(tag)) => Err(de::Error::duplicate_field(tag)),
            Some(Key::Other(Cow::Borrowed(key))) => seed
                .deserialize(BorrowedStrDeserializer::new(key))
                .map(Some),
            Some(Key::Other(Cow::Owned(key))) => {
                seed.deserialize(StringDeserializer::new(key)).map(Some)
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// Adds `key` to the entries read before an object's tag; a repeated key is an error.
fn buffer_entry<E: de::Error>(
    buffer: &mut serde_json::Map<String, serde_json::Value>,
    key: String,
    value: serde_json::Value,
) -> Result<(), E> {
    match buffer.entry(key) {
        serde_json::map::Entry::Vacant(slot) => {
            slot.insert(value);
            Ok(())
        }
        serde_json::map::Entry::Occupied(slot) => Err(de::Error::custom(format_args!(
            "duplicate field `{}`",
            slot.key()
        ))),
    }
}

/// An enum read from an object tagged by one of its keys: the tag's values, and how the rest
/// of the object is read for each. [`deserialize_tagged`] reads it.
pub(crate) trait TaggedObject<'de>: Sized {
    /// The tag's values.
    type Tag: Deserialize<'de>;
    /// The tag's key, alone in a list (as [`KnownKeys`] takes it).
    const TAG: &'static [&'static str];
    /// Reads the rest of the object, after its tag, as the variant `tag` names.
    fn variant<R: Deserializer<'de>>(tag: Self::Tag, rest: R) -> Result<Self, R::Error>;
}

/// Reads a [`TaggedObject`]: an object, read by [`read_tagged`]; `expecting` says what
/// anything else should have been.
pub(crate) fn deserialize_tagged<'de, T: TaggedObject<'de>, D: Deserializer<'de>>(
    deserializer: D,
    expecting: &'static str,
) -> Result<T, D::Error> {
    struct TaggedVisitor<T> {
        expecting: &'static str,
        read: PhantomData<T>,
    }

    impl<'de, T: TaggedObject<'de>> Visitor<'de> for TaggedVisitor<T> {
        type Value = T;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str(self.expecting)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            read_tagged(map)
        }
    }

    deserializer.deserialize_map(TaggedVisitor {
        expecting,
        read: PhantomData,
    })
}

/// Reads a [`TaggedObject`] from `map`: in one pass when the tag comes first; when other keys
/// come before it, through a `serde_json::Value` buffer of the whole object.
pub(crate) fn read_tagged<'de, T: TaggedObject<'de>, A: MapAccess<'de>>(
    mut map: A,
) -> Result<T, A::Error> {
    let mut before_tag = serde_json::Map::new();
    while let Some(key) = map.next_key_seed(KnownKeys(T::TAG))? {
        let Key::Other(key) = key else {
            let tag: T::Tag = map.next_value()?;
            let mut rest = AfterTag::new(map, T::TAG);
            if before_tag.is_empty() {
                return T::variant(tag, MapAccessDeserializer::new(rest));
            }
            while let Some((key, value)) = rest.next_entry::<String, serde_json::Value>()? {
                buffer_entry(&mut before_tag, key, value)?;
            }
            return T::variant(tag, serde_json::Value::Object(before_tag))
                .map_err(de::Error::custom);
        };
        let value = map.next_value()?;
        buffer_entry(&mut before_tag, key.into_owned(), value)?;
    }
    Err(de::Error::missing_field(T::TAG[0]))
}

/// Implements `Deserialize` for an enum of newtype variants tagged by a key of the object,
/// as `#[serde(tag = "...")]` would, in one pass ([`read_tagged`]).
///
/// The variant names and their wire values are listed once; an unknown value is serde's usual
/// "unknown variant" error and a missing tag its "missing field" error.
macro_rules! tagged_enum_deserialize {
    (
        $name:ident, tag = $tag:literal, expecting = $expecting:literal,
        { $($variant:ident = $value:literal),+ $(,)? }
    ) => {
        const _: () = {
            #[derive(::serde::Deserialize)]
            #[serde(variant_identifier)]
            pub(crate) enum Tag {
                $(#[serde(rename = $value)] $variant,)+
            }

            impl<'de> $crate::single_pass::TaggedObject<'de> for $name {
                type Tag = Tag;
                const TAG: &'static [&'static str] = &[$tag];

                fn variant<R: ::serde::Deserializer<'de>>(
                    tag: Tag,
                    rest: R,
                ) -> ::std::result::Result<Self, R::Error> {
                    match tag {
                        $(Tag::$variant => ::serde::Deserialize::deserialize(rest).map($name::$variant),)+
                    }
                }
            }

            impl<'de> ::serde::Deserialize<'de> for $name {
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::std::result::Result<Self, D::Error> {
                    $crate::single_pass::deserialize_tagged(deserializer, $expecting)
                }
            }
        };
    };
}

/// Implements `Deserialize` for a struct whose unknown keys go to an `extra` map, as
/// `#[serde(flatten)] extra: Map<String, Value>` would, in one pass.
///
/// `required` fields are errors when missing; `optional` fields are `Option<T>` (listed with
/// `T`), `None` when missing or `null`. The compiler checks the list against the struct: a
/// field left out, or listed with another type, does not build. The JSON key is the field's
/// name: a struct read this way cannot rename fields with `#[serde(rename)]`, which this macro
/// would not see.
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
                                    extra.insert(key.into_owned(), map.next_value()?);
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
    use serde_json::{Value, json};

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
    fn a_tag_that_is_not_a_string_is_a_type_error() {
        for text in [
            r#"{"role":null,"content":"hi"}"#,
            r#"{"role":5,"content":"hi"}"#,
            r#"{"role":{"user":null},"content":"hi"}"#,
        ] {
            let error = serde_json::from_str::<ChatCompletionRequestMessage>(text).unwrap_err();
            assert_eq!(
                error.classify(),
                serde_json::error::Category::Data,
                "{text}: {error}"
            );
        }
    }

    #[test]
    fn repeated_keys_are_errors_whatever_the_tag_position() {
        for text in [
            r#"{"role":"user","content":"hi","role":"tool"}"#,
            r#"{"content":"hi","role":"user","role":"tool"}"#,
            r#"{"content":"hi","content":"ho","role":"user"}"#,
            r#"{"content":"hi","role":"user","content":"ho"}"#,
            r#"{"role":"user","content":"hi","content":"ho"}"#,
        ] {
            let error = error_of::<ChatCompletionRequestMessage>(text);
            assert!(error.starts_with("duplicate field"), "{text}: {error}");
        }
    }

    /// Every message and tool of the OpenClaw captures reads the same with its tag first (as
    /// clients write it) and last (sorted keys), and so do broken variants of them.
    #[test]
    fn tag_first_and_tag_last_read_the_same() {
        fn tag_last(value: &Value) -> String {
            // `Value` sorts keys: `content`, `function` and `text` come before `role`/`type`.
            serde_json::to_string(value).unwrap()
        }
        fn tag_first(value: &Value, tag: &str) -> String {
            let object = value.as_object().unwrap();
            let mut text = format!("{{{:?}:{}", tag, object[tag]);
            for (key, value) in object.iter().filter(|(key, _)| *key != tag) {
                text.push_str(&format!(",{key:?}:{value}"));
            }
            text + "}"
        }
        fn same<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
            value: &Value,
            tag: &str,
        ) {
            let first = serde_json::from_str::<T>(&tag_first(value, tag));
            let last = serde_json::from_str::<T>(&tag_last(value));
            match (first, last) {
                (Ok(first), Ok(last)) => assert_eq!(first, last, "{value}"),
                (Err(first), Err(last)) => {
                    let message = |error: serde_json::Error| {
                        let text = error.to_string();
                        text.split(" at line ")
                            .next()
                            .unwrap_or_default()
                            .to_owned()
                    };
                    assert_eq!(message(first), message(last), "{value}");
                }
                (first, last) => panic!("{value}: {first:?} against {last:?}"),
            }
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/openclaw-requests");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|ext| ext != "json") {
                continue;
            }
            let capture: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let body = &capture["body"];
            for message in body["messages"].as_array().into_iter().flatten() {
                same::<ChatCompletionRequestMessage>(message, "role");
                let mut broken = message.clone();
                broken["content"] = json!(5);
                same::<ChatCompletionRequestMessage>(&broken, "role");
                broken["role"] = json!("robot");
                same::<ChatCompletionRequestMessage>(&broken, "role");
                checked += 1;
            }
            for tool in body["tools"].as_array().into_iter().flatten() {
                same::<ChatCompletionTools>(tool, "type");
                let mut broken = tool.clone();
                broken["function"]["name"] = json!(7);
                same::<ChatCompletionTools>(&broken, "type");
                checked += 1;
            }
        }
        assert!(checked > 50, "{checked}");
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

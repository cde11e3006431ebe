//! Deserialization of tagged unions that keep unknown variants.
//!
//! serde's own internally tagged enums always buffer the whole object and
//! cannot fall back to an `Other(Value)` variant. OCI writes the discriminator
//! first (`{"type":"TEXT",…}`, `{"apiFormat":"COHERE",…}`), so the common case
//! here reads the tag and then hands the *rest of the same map* to the
//! variant's own `Deserialize`, without buffering anything. Only when the tag is
//! not the first key is the object collected into a `serde_json::Map` first.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// A union discriminated by the JSON key [`Tagged::TAG`].
pub(crate) trait Tagged: Sized {
    /// The key holding the discriminator.
    const TAG: &'static str;
    /// What the visitor expects, for error messages.
    const EXPECTING: &'static str;

    /// Whether `tag` names a variant this type can build.
    fn is_known(tag: &str) -> bool;

    /// Builds the variant for a known `tag` from the object's other fields
    /// (the tag itself may or may not still be present in `de`).
    fn from_known<'de, D: Deserializer<'de>>(tag: &str, de: D) -> Result<Self, D::Error>;

    /// Wraps an object whose tag is unknown or not a string.
    fn other(value: Value) -> Self;

    /// Builds a value from an object that has no tag at all. By default it is
    /// kept as `other`.
    fn untagged(object: Map<String, Value>) -> Result<Self, serde_json::Error> {
        Ok(Self::other(Value::Object(object)))
    }
}

/// Deserializes any [`Tagged`] type.
pub(crate) fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Tagged,
{
    deserializer.deserialize_map(TaggedVisitor(PhantomData))
}

struct TaggedVisitor<T>(PhantomData<T>);

impl<'de, T: Tagged> Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let Some(first) = map.next_key::<Str<'de>>()? else {
            return T::untagged(Map::new()).map_err(de::Error::custom);
        };
        if first.as_str() == T::TAG {
            // Fast path: the tag comes first.
            return match map.next_value::<TagValue<'de>>()? {
                TagValue::Str(tag) if T::is_known(tag.as_str()) => {
                    T::from_known(tag.as_str(), MapAccessDeserializer::new(map))
                }
                tag => {
                    let mut rest =
                        Map::<String, Value>::deserialize(MapAccessDeserializer::new(map))?;
                    rest.insert(T::TAG.to_owned(), tag.into_value());
                    Ok(T::other(Value::Object(rest)))
                }
            };
        }
        // Slow path: buffer the object, then look for the tag.
        let mut object = Map::new();
        let value = map.next_value::<Value>()?;
        object.insert(first.into_string(), value);
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            object.insert(key, value);
        }
        from_object(object).map_err(de::Error::custom)
    }
}

fn from_object<T: Tagged>(object: Map<String, Value>) -> Result<T, serde_json::Error> {
    let tag = match object.get(T::TAG) {
        None => return T::untagged(object),
        Some(Value::String(tag)) if T::is_known(tag) => tag.clone(),
        Some(_) => return Ok(T::other(Value::Object(object))),
    };
    T::from_known(&tag, Value::Object(object))
}

/// A string borrowed from the input where possible.
enum Str<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Str<'_> {
    fn as_str(&self) -> &str {
        match self {
            Str::Borrowed(s) => s,
            Str::Owned(s) => s,
        }
    }

    fn into_string(self) -> String {
        match self {
            Str::Borrowed(s) => s.to_owned(),
            Str::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor;

        impl<'de> Visitor<'de> for StrVisitor {
            type Value = Str<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Str::Borrowed(v))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Str::Owned(v.to_owned()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Str::Owned(v))
            }
        }

        deserializer.deserialize_str(StrVisitor)
    }
}

/// The value of the tag key: a string (the normal case) or anything else,
/// which makes the object an `Other`.
enum TagValue<'de> {
    Str(Str<'de>),
    Other(Value),
}

impl TagValue<'_> {
    fn into_value(self) -> Value {
        match self {
            TagValue::Str(s) => Value::String(s.into_string()),
            TagValue::Other(v) => v,
        }
    }
}

impl<'de> Deserialize<'de> for TagValue<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TagVisitor;

        impl<'de> Visitor<'de> for TagVisitor {
            type Value = TagValue<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(TagValue::Str(Str::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(TagValue::Str(Str::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(TagValue::Str(Str::Owned(v)))
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::Bool(v)))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::from(v)))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::from(v)))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::from(v)))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::Null))
            }

            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::Null))
            }

            fn visit_some<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Self::Value, D::Error> {
                Value::deserialize(deserializer).map(TagValue::Other)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Value::deserialize(SeqAccessDeserializer::new(seq)).map(TagValue::Other)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Value::deserialize(MapAccessDeserializer::new(map)).map(TagValue::Other)
            }
        }

        deserializer.deserialize_any(TagVisitor)
    }
}

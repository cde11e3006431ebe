//! Whether cleaning would leave a schema, still in its JSON text, as it is.
//!
//! Most tool schemas need no cleaning, and a schema that needs none can be sent as the text the
//! client wrote, without building its tree. One pass over the text answers, building nothing but
//! the key lists of the objects being read. The pass follows the cleaner's view of the schema:
//! objects in schema positions are checked against its rules, the values of `properties` and
//! `patternProperties` are schemas under free names, and the values of `enum`, `const`,
//! `examples`, `default` and `required` are data. Where a rule is simpler than the cleaner's,
//! it is broader: `false` for a schema cleaning would leave alone is harmless (the schema is
//! cleaned, to the same value), `true` for one it would change is not.
//!
//! Keys are compared by scanning short lists, which is quadratic in an object's size; objects
//! and `required` lists longer than [`MAX_CHECKED_KEYS`] are left to the cleaner, whose maps
//! are sorted, so that the check stays linear in the text whatever a client sends.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// The most keys an object, or names a `required` list, may have for
/// [`is_unchanged_by_cleaning`] to answer `true`.
pub const MAX_CHECKED_KEYS: usize = 64;

/// Prefix of the keys serde_json uses for its own values (a number under its
/// `arbitrary_precision` feature arrives as a map with such a key); none is a schema's.
const SERDE_JSON_PRIVATE: &str = "$serde_json::private::";

/// Whether [`clean_schema`](super::clean_schema) would give back the schema `text` holds
/// unchanged (as a JSON value; the key order of the text may differ from the cleaned copy's).
///
/// `false` is the safe answer, given for an object with a repeated key (anywhere: a parsed
/// schema keeps only the last), and for a schema object with a key cleaning drops or rewrites
/// (`$ref`, `$defs`, `definitions`, `$schema`, `$id`, `title`, `default: null`), a `type` that
/// is not one type name other than `any` and `null` (a `null` branch of `anyOf`/`oneOf` is one),
/// an array type without `items`, or a `required` list that is empty, holds a non-string, or
/// names a key missing from `properties`; and for an object or `required` list longer than
/// [`MAX_CHECKED_KEYS`].
#[must_use]
pub fn is_unchanged_by_cleaning(text: &RawValue) -> bool {
    let mut reader = serde_json::Deserializer::from_str(text.get());
    Node::Schema.deserialize(&mut reader).is_ok() && reader.end().is_ok()
}

/// What the enclosing object needs to know of one value, once the value is found clean.
enum Seen<'de> {
    Null,
    Text(Cow<'de, str>),
    Object { keys: Vec<Cow<'de, str>> },
    Other,
}

/// Reads one value in the role the cleaner gives it; finding that cleaning would change it is
/// an error, which ends the read at once.
#[derive(Clone, Copy, PartialEq)]
enum Node {
    /// A schema: its object's keys are keywords.
    Schema,
    /// The value of `properties` or `patternProperties`: its object's values are schemas.
    Properties,
    /// A keyword's plain data, or a key: nothing in it is a keyword.
    Data,
}

impl<'de> DeserializeSeed<'de> for Node {
    type Value = Seen<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

fn changed<E: de::Error>() -> E {
    E::custom("cleaning changes this schema")
}

impl<'de> Visitor<'de> for Node {
    type Value = Seen<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Seen::Null)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Seen::Other)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Seen::Other)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Seen::Other)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Seen::Other)
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Seen::Text(Cow::Borrowed(text)))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Seen::Text(Cow::Owned(text.to_owned())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Self::Value, A::Error> {
        let item = match self {
            Self::Data => Self::Data,
            Self::Schema | Self::Properties => Self::Schema,
        };
        while items.next_element_seed(item)?.is_some() {}
        Ok(Seen::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Self::Value, A::Error> {
        let mut keys: Vec<Cow<'de, str>> = Vec::new();
        let mut schema = SchemaKeys::default();
        while let Some(key) = entries.next_key_seed(Node::Data)? {
            let Seen::Text(key) = key else {
                return Err(changed());
            };
            if keys.len() == MAX_CHECKED_KEYS
                || keys.contains(&key)
                || key.starts_with(SERDE_JSON_PRIVATE)
            {
                return Err(changed());
            }
            match self {
                Self::Schema => schema.read(&key, &mut entries)?,
                Self::Properties => {
                    entries.next_value_seed(Node::Schema)?;
                }
                Self::Data => {
                    entries.next_value_seed(Node::Data)?;
                }
            }
            keys.push(key);
        }
        if self == Self::Schema {
            schema.check()?;
        }
        Ok(Seen::Object { keys })
    }
}

/// What the rules on a schema object as a whole need of its keywords.
#[derive(Default)]
struct SchemaKeys<'de> {
    is_array: bool,
    has_items: bool,
    required: Option<Vec<Cow<'de, str>>>,
    properties: Option<Vec<Cow<'de, str>>>,
}

impl<'de> SchemaKeys<'de> {
    /// Reads the value of keyword `key`.
    fn read<A: MapAccess<'de>>(&mut self, key: &str, entries: &mut A) -> Result<(), A::Error> {
        match key {
            "$ref" | "$defs" | "definitions" | "$schema" | "$id" | "title" => Err(changed()),
            "type" => match entries.next_value_seed(Node::Data)? {
                Seen::Text(name) if name != "any" && name != "null" => {
                    self.is_array = name == "array";
                    Ok(())
                }
                _ => Err(changed()),
            },
            "default" => match entries.next_value_seed(Node::Data)? {
                Seen::Null => Err(changed()),
                _ => Ok(()),
            },
            "required" => {
                self.required = Some(entries.next_value_seed(Names)?);
                Ok(())
            }
            "properties" => {
                if let Seen::Object { keys } = entries.next_value_seed(Node::Properties)? {
                    self.properties = Some(keys);
                }
                Ok(())
            }
            "patternProperties" => entries.next_value_seed(Node::Properties).map(drop),
            "enum" | "const" | "examples" => entries.next_value_seed(Node::Data).map(drop),
            "items" => {
                self.has_items = true;
                entries.next_value_seed(Node::Schema).map(drop)
            }
            _ => entries.next_value_seed(Node::Schema).map(drop),
        }
    }

    /// The rules cleaning applies to the object once its keywords are read.
    fn check<E: de::Error>(&self) -> Result<(), E> {
        if self.is_array && !self.has_items {
            return Err(changed());
        }
        if let Some(required) = &self.required {
            let listed = |name: &Cow<'de, str>| {
                self.properties
                    .as_ref()
                    .is_some_and(|properties| properties.contains(name))
            };
            if required.is_empty() || !required.iter().all(listed) {
                return Err(changed());
            }
        }
        Ok(())
    }
}

/// A `required` list: strings only.
struct Names;

impl<'de> DeserializeSeed<'de> for Names {
    type Value = Vec<Cow<'de, str>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Names {
    type Value = Vec<Cow<'de, str>>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a list of property names")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Self::Value, A::Error> {
        let mut names = Vec::new();
        while let Some(name) = items.next_element_seed(Node::Data)? {
            match name {
                Seen::Text(name) if names.len() < MAX_CHECKED_KEYS => names.push(name),
                _ => return Err(changed()),
            }
        }
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::schema::clean_schema;

    fn unchanged(text: &str) -> bool {
        let raw = RawValue::from_string(text.to_owned()).unwrap();
        let answer = is_unchanged_by_cleaning(&raw);
        if answer {
            let value: Value = serde_json::from_str(text).unwrap();
            assert_eq!(clean_schema(&value), value, "{text}");
        }
        answer
    }

    #[test]
    fn plain_schemas_are_unchanged() {
        for text in [
            r#"{"type":"object","properties":{"path":{"type":"string","description":"Where"},"n":{"type":"integer","minimum":0}},"required":["path"]}"#,
            r#"{"type":"array","items":{"type":"string","enum":["a","b"]}}"#,
            r#"{"anyOf":[{"type":"string"},{"type":"number"}],"default":3}"#,
            r#"{"type": "object", "additionalProperties": false}"#,
            r#"{"type":"object","properties":{"p\u0061th":{"type":"string"}},"required":["path"]}"#,
            r#"true"#,
        ] {
            assert!(unchanged(text), "{text}");
        }
    }

    #[test]
    fn keywords_cleaning_rewrites_are_found() {
        for text in [
            r##"{"$ref":"#/$defs/A","$defs":{"A":{"type":"string"}}}"##,
            r#"{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}"#,
            r#"{"type":"object","$id":"x"}"#,
            r#"{"type":"object","properties":{"a":{"type":"string","title":"A"}}}"#,
            r#"{"type":"string","default":null}"#,
            r#"{"type":["string","null"]}"#,
            r#"{"type":"any"}"#,
            r#"{"anyOf":[{"type":"string"},{"type":"null"}]}"#,
            r#"{"type":"array"}"#,
            r#"{"type":"object","properties":{"a":{}},"required":[]}"#,
            r#"{"type":"object","properties":{"a":{}},"required":["b"]}"#,
            r#"{"type":"object","properties":{"a":{}},"required":[1]}"#,
            r#"{"type":"object","required":["a"]}"#,
            r#"{"type":"object","required":"a","properties":{"a":{}}}"#,
            r#"{"items":{"type":"array"}}"#,
            r#"{"ti\u0074le":"escaped"}"#,
        ] {
            assert!(!unchanged(text), "{text}");
        }
    }

    #[test]
    fn long_objects_and_lists_are_left_to_the_cleaner() {
        let properties = |n: usize| {
            (0..n)
                .map(|i| format!(r#""p{i}":{{"type":"string"}}"#))
                .collect::<Vec<_>>()
                .join(",")
        };
        let names = |n: usize| {
            (0..n)
                .map(|i| format!(r#""p{i}""#))
                .collect::<Vec<_>>()
                .join(",")
        };
        let schema = |n: usize, required: usize| {
            format!(
                r#"{{"type":"object","properties":{{{}}},"required":[{}]}}"#,
                properties(n),
                names(required)
            )
        };
        assert!(unchanged(&schema(MAX_CHECKED_KEYS, MAX_CHECKED_KEYS)));
        assert!(!unchanged(&schema(MAX_CHECKED_KEYS + 1, 1)));
        // Repeated names are allowed in `required`, and counted.
        assert!(!unchanged(&format!(
            r#"{{"type":"object","properties":{{"p0":{{}}}},"required":[{}]}}"#,
            vec![r#""p0""#; MAX_CHECKED_KEYS + 1].join(",")
        )));
    }

    /// Under serde_json's `arbitrary_precision` feature a number reaches the check as a map
    /// with one private key; such a key, however it arrives, means "not known unchanged".
    #[test]
    fn serde_json_private_keys_are_never_taken_for_property_names() {
        assert!(!unchanged(
            r#"{"type":"object","properties":{"$serde_json::private::Number":"1.5"},"required":["$serde_json::private::Number"]}"#
        ));
    }

    #[test]
    fn repeated_keys_are_found_anywhere() {
        assert!(!unchanged(r#"{"type":"string","type":"string"}"#));
        assert!(!unchanged(
            r#"{"type":"object","properties":{"a":{"type":"string"},"a":{"type":"integer"}}}"#
        ));
        assert!(!unchanged(r#"{"type":"string","enum":[{"k":1,"k":2}]}"#));
    }

    #[test]
    fn keyword_names_are_free_where_they_are_not_keywords() {
        assert!(unchanged(
            r#"{"type":"object","properties":{"title":{"type":"string"},"type":{"type":"string"},"$ref":{"type":"string"}},"required":["title","type"]}"#
        ));
        assert!(unchanged(
            r#"{"type":"string","enum":[null,{"title":"x","type":["a"]}],"examples":[{"$ref":"y"}],"const":"title"}"#
        ));
        assert!(unchanged(
            r#"{"type":"object","default":{"title":null},"patternProperties":{"^title$":{"type":"string"}}}"#
        ));
    }
}

//! A JSON value that keeps its object keys in the order they were written.
//!
//! `serde_json::Value` sorts object keys (this workspace does not turn on serde_json's
//! `preserve_order`, and a feature turned on for the load generator would reach the gateway
//! too, since features are unified across a build). A captured request must go out with its
//! keys where the client put them: readers may take a fast path when a tag such as `role`
//! or `type` comes first, as real clients write it, and a benchmark must not hide that.

use std::fmt;

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// A JSON value whose objects keep their key order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum OrderedJson {
    /// `null`, a boolean, a number or a string.
    Scalar(Value),
    /// An array.
    Array(Vec<OrderedJson>),
    /// An object, its entries in their written order.
    Object(Vec<(String, OrderedJson)>),
}

impl OrderedJson {
    /// The value at a JSON pointer (RFC 6901), as `serde_json::Value::pointer`.
    pub(crate) fn pointer(&self, pointer: &str) -> Option<&Self> {
        if pointer.is_empty() {
            return Some(self);
        }
        let tokens = pointer.strip_prefix('/')?.split('/');
        tokens
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .try_fold(self, |value, token| match value {
                Self::Object(entries) => entries
                    .iter()
                    .find_map(|(key, value)| (*key == token).then_some(value)),
                Self::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                Self::Scalar(_) => None,
            })
    }

    /// Sets `key` of an object: in place when present, else at the end. `false` when this is
    /// not an object.
    pub(crate) fn set(&mut self, key: &str, value: Value) -> bool {
        let Self::Object(entries) = self else {
            return false;
        };
        match entries.iter_mut().find(|(existing, _)| existing == key) {
            Some((_, slot)) => *slot = Self::Scalar(value),
            None => entries.push((key.to_owned(), Self::Scalar(value))),
        }
        true
    }
}

impl Serialize for OrderedJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Scalar(value) => value.serialize(serializer),
            Self::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Self::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for OrderedJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OrderedVisitor)
    }
}

struct OrderedVisitor;

impl<'de> Visitor<'de> for OrderedVisitor {
    type Value = OrderedJson;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<OrderedJson, E> {
        Ok(OrderedJson::Scalar(Value::Null))
    }

    fn visit_bool<E>(self, value: bool) -> Result<OrderedJson, E> {
        Ok(OrderedJson::Scalar(Value::Bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<OrderedJson, E> {
        Ok(OrderedJson::Scalar(Value::from(value)))
    }

    fn visit_u64<E>(self, value: u64) -> Result<OrderedJson, E> {
        Ok(OrderedJson::Scalar(Value::from(value)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<OrderedJson, E> {
        Ok(OrderedJson::Scalar(Value::from(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<OrderedJson, E> {
        Ok(OrderedJson::Scalar(Value::String(value.to_owned())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OrderedJson, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(OrderedJson::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedJson, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(OrderedJson::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_order_through_a_round_trip() {
        let text =
            r#"{"z":1,"a":[{"role":"user","content":"hi","b":null}],"m":{"y":true,"x":1.5}}"#;
        let value: OrderedJson = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&value).unwrap(), text);
    }

    #[test]
    fn pointer_and_set_work_in_place() {
        let mut value: OrderedJson =
            serde_json::from_str(r#"{"body":{"model":"a","stream":false,"a/b":[1,2]}}"#).unwrap();
        assert_eq!(
            value.pointer("/body/a~1b/1"),
            Some(&OrderedJson::Scalar(Value::from(2)))
        );
        assert_eq!(value.pointer("/body/missing"), None);
        let OrderedJson::Object(entries) = &mut value else {
            panic!("an object");
        };
        let body = &mut entries[0].1;
        assert!(body.set("model", Value::from("b")));
        assert!(body.set("extra", Value::from(true)));
        assert_eq!(
            serde_json::to_string(body).unwrap(),
            r#"{"model":"b","stream":false,"a/b":[1,2],"extra":true}"#
        );
        assert!(!OrderedJson::Scalar(Value::Null).set("model", Value::Null));
    }
}

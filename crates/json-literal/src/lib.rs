//! A JSON string that keeps the escaped text it was read from.
//!
//! A proxy that reads a request, changes its shape and writes it on spends much of its time on
//! the long strings it never looks at: a 25 KB system prompt is unescaped into a buffer, copied
//! into a `String`, then scanned byte by byte and escaped again on the way out. A
//! [`JsonString`] read with [`serde_json`] keeps the string literal as it came, quotes and
//! escapes included: reading it checks its syntax and copies it once, and writing it copies it
//! back verbatim. Its value is decoded only when someone asks for it, and at most once (a
//! literal with `\u` escapes is decoded as it is read, since only decoding finds a lone
//! surrogate, which must fail the read as it would for a `String`).
//!
//! Built from a Rust string, it is an ordinary string and is written out as one.
//!
//! ```
//! use json_literal::JsonString;
//!
//! let prompt: JsonString = serde_json::from_str(r#""You are terse.\nAnswer in one line.""#)?;
//! assert_eq!(prompt, "You are terse.\nAnswer in one line.");
//! // Written out as it was read: no escaping on the way out.
//! assert_eq!(serde_json::to_string(&prompt)?, r#""You are terse.\nAnswer in one line.""#);
//!
//! let built = JsonString::from("Hi");
//! assert_eq!(serde_json::to_string(&built)?, r#""Hi""#);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # Where it can be read and written
//!
//! The literal is kept through serde_json's raw values, so a `JsonString` is read from
//! serde_json's deserializers (from a string, bytes, a reader or a [`serde_json::Value`]).
//! serde's `#[serde(flatten)]` fields and derived internally tagged or untagged enums buffer
//! what they read in a form that has no JSON text; a type read through one of those cannot
//! hold a `JsonString`. Likewise, a `JsonString` that holds a literal is written as a string
//! by serde_json's serializers (to text or to a `Value`) only: another format's serializer
//! sees the raw value's private wrapper.

#![cfg_attr(docsrs, feature(doc_cfg))]

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use serde::de;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A string read from JSON and kept as its literal, or built from a Rust string.
///
/// It dereferences to `str`; compared, hashed, ordered and displayed, it is its value, whatever
/// the spelling of its literal (`"\u0041"` equals `"A"`). A literal with escapes is decoded
/// the first time its value is read (one with `\u` escapes, as it is read);
/// [`JsonString::is_empty`] and serializing never decode.
///
/// The decoded value is cached inside, so clippy's `mutable_key_type` lint flags a set or map
/// keyed by `JsonString`; filling the cache never changes the value that is hashed and
/// compared.
#[derive(Clone)]
pub struct JsonString(Repr);

#[derive(Clone)]
enum Repr {
    /// Built from a Rust string.
    Value(String),
    /// Read from JSON.
    Literal {
        /// The string literal as read: `"`, the escaped text, `"`.
        literal: Box<RawValue>,
        /// `None` when the literal has no escape, so its value is its inside; otherwise the
        /// decoded value, filled on first use (at once for a literal with `\u` escapes, which
        /// must be checked for lone surrogates when read). Clones share it, so a copy of a
        /// decoded string does not copy the decoded value too, and a value is decoded once
        /// for all copies.
        decoded: Option<Arc<OnceLock<String>>>,
    },
}

impl JsonString {
    /// A string holding `value`, written out with serde_json's escaping.
    #[must_use]
    pub fn new(value: impl Into<String>) -> Self {
        Self(Repr::Value(value.into()))
    }

    /// A string kept as the literal `literal` (a JSON string, quotes included).
    ///
    /// # Errors
    /// When `literal` is not a JSON string, or is one that no Rust string can hold (a lone
    /// surrogate escape such as `"\ud800"`): the errors serde_json gives when it reads such a
    /// literal into a `String`.
    pub fn from_literal(literal: Box<RawValue>) -> Result<Self, serde_json::Error> {
        let text = literal.get();
        if !is_string_literal(text) {
            // The error serde_json gives for this value where a string is expected.
            return serde_json::from_str::<String>(text).map(Self::new);
        }
        let inside = &text[1..text.len() - 1];
        let decoded = match inside.find('\\') {
            None => None,
            // Decoded at once: serde_json checks the code points of `\u` escapes only when it
            // decodes them, and a literal that cannot be decoded must fail when read.
            Some(first) if inside[first..].contains("\\u") => Some(Arc::new(OnceLock::from(
                serde_json::from_str::<String>(text)?,
            ))),
            Some(_) => Some(Arc::new(OnceLock::new())),
        };
        Ok(Self(Repr::Literal { literal, decoded }))
    }

    /// The string's value.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Value(value) => value,
            Repr::Literal {
                literal,
                decoded: None,
            } => inside(literal),
            Repr::Literal {
                literal,
                decoded: Some(decoded),
            } => decoded.get_or_init(|| decode_short_escapes(inside(literal))),
        }
    }

    /// Whether the value is empty, without decoding it.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        match &self.0 {
            Repr::Value(value) => value.is_empty(),
            Repr::Literal { literal, .. } => inside(literal).is_empty(),
        }
    }

    /// The literal the string was read from, if it was read rather than built.
    #[must_use]
    pub fn literal(&self) -> Option<&RawValue> {
        match &self.0 {
            Repr::Value(_) => None,
            Repr::Literal { literal, .. } => Some(literal),
        }
    }

    /// The string's value, decoded if it has not been yet.
    #[must_use]
    pub fn into_string(self) -> String {
        match self.0 {
            Repr::Value(value) => value,
            Repr::Literal {
                literal,
                decoded: None,
            } => inside(&literal).to_owned(),
            Repr::Literal {
                literal,
                decoded: Some(decoded),
            } => match Arc::try_unwrap(decoded).map(OnceLock::into_inner) {
                Ok(Some(value)) => value,
                // Shared with a clone, or not decoded yet.
                Err(shared) => shared
                    .get()
                    .cloned()
                    .unwrap_or_else(|| decode_short_escapes(inside(&literal))),
                Ok(None) => decode_short_escapes(inside(&literal)),
            },
        }
    }
}

/// Whether `text`, a valid JSON value, is a string: then it starts and ends with `"`.
fn is_string_literal(text: &str) -> bool {
    text.len() >= 2 && text.starts_with('"') && text.ends_with('"')
}

/// The text between the quotes of a literal.
fn inside(literal: &RawValue) -> &str {
    let text = literal.get();
    &text[1..text.len() - 1]
}

/// Decodes the inside of a valid JSON string literal that has no `\u` escape: every `\` is
/// followed by one of `"\/bfnrt`.
fn decode_short_escapes(inside: &str) -> String {
    let mut value = String::with_capacity(inside.len());
    let mut rest = inside;
    while let Some(at) = rest.find('\\') {
        value.push_str(&rest[..at]);
        let mut after = rest[at + 1..].chars();
        value.push(match after.next() {
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            // `"`, `\` and `/` stand for themselves.
            Some(other) => other,
            None => break,
        });
        rest = after.as_str();
    }
    value.push_str(rest);
    value
}

impl Default for JsonString {
    fn default() -> Self {
        Self::new(String::new())
    }
}

impl Deref for JsonString {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for JsonString {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for JsonString {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for JsonString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for JsonString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for JsonString {
    fn eq(&self, other: &Self) -> bool {
        match (self.literal(), other.literal()) {
            // The same spelling is the same value; only different spellings need decoding.
            (Some(a), Some(b)) if a.get() == b.get() => true,
            _ => self.as_str() == other.as_str(),
        }
    }
}

impl Eq for JsonString {}

impl PartialOrd for JsonString {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for JsonString {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for JsonString {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for JsonString {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for JsonString {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for JsonString {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<JsonString> for str {
    fn eq(&self, other: &JsonString) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<JsonString> for &str {
    fn eq(&self, other: &JsonString) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<JsonString> for String {
    fn eq(&self, other: &JsonString) -> bool {
        self == other.as_str()
    }
}

impl From<String> for JsonString {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for JsonString {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl From<&String> for JsonString {
    fn from(value: &String) -> Self {
        Self::new(value.as_str())
    }
}

impl From<JsonString> for String {
    fn from(value: JsonString) -> Self {
        value.into_string()
    }
}

impl TryFrom<Box<RawValue>> for JsonString {
    type Error = serde_json::Error;

    fn try_from(literal: Box<RawValue>) -> Result<Self, Self::Error> {
        Self::from_literal(literal)
    }
}

impl Serialize for JsonString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Repr::Value(value) => serializer.serialize_str(value),
            Repr::Literal { literal, .. } => literal.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for JsonString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let literal = Box::<RawValue>::deserialize(deserializer)?;
        // Anything else than a string is refused with serde_json's own message for a `String`.
        Self::from_literal(literal)
            .map_err(|error| de::Error::custom(message_without_position(&error)))
    }
}

/// A serde_json error's message without its position (` at line L column C`).
///
/// For an error met while reading a value held on its own, such as a literal or the text of
/// a raw value: its position is within that text and says nothing about where the value stands
/// in the document it came from. Turned into the document reader's error (with
/// [`serde::de::Error::custom`]), it gets that document's position instead.
#[must_use]
pub fn message_without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(message) => message.to_owned(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    fn read(json: &str) -> JsonString {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_literal_without_escapes_is_its_inside() {
        let text = read(r#""plain text, no escapes""#);
        assert_eq!(text.as_str(), "plain text, no escapes");
        assert_eq!(text.literal().unwrap().get(), r#""plain text, no escapes""#);
        assert!(!text.is_empty());
    }

    #[test]
    fn short_escapes_are_decoded_on_first_read_and_written_back_as_read() {
        let json = r#""a\"b\\c\/d\be\ff\ng\rh\ti""#;
        let text = read(json);
        let Repr::Literal {
            decoded: Some(cell),
            ..
        } = &text.0
        else {
            panic!("expected an escaped literal");
        };
        assert!(cell.get().is_none(), "decoded before anyone asked");
        assert_eq!(text.as_str(), "a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti");
        assert_eq!(serde_json::to_string(&text).unwrap(), json);
        assert_eq!(text.into_string(), "a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti");
    }

    #[test]
    fn copies_share_one_decoded_value() {
        let text = read(r#""one\ntwo""#);
        let copy = text.clone();
        let (
            Repr::Literal {
                decoded: Some(original),
                ..
            },
            Repr::Literal {
                decoded: Some(copied),
                ..
            },
        ) = (&text.0, &copy.0)
        else {
            panic!("expected escaped literals");
        };
        assert!(Arc::ptr_eq(original, copied));
        assert_eq!(copy.as_str(), "one\ntwo");
        assert_eq!(original.get().map(String::as_str), Some("one\ntwo"));
        // Taken apart while shared, or after the other copy is gone.
        assert_eq!(text.clone().into_string(), "one\ntwo");
        drop(copy);
        assert_eq!(text.into_string(), "one\ntwo");
        assert_eq!(read(r#""a\tb""#).into_string(), "a\tb");
    }

    #[test]
    fn unicode_escapes_are_decoded_when_read() {
        let text = read(r#""caf\u00e9 \ud83d\ude00 \\u0041""#);
        assert_eq!(text, "café 😀 \\u0041");
        assert_eq!(
            serde_json::to_string(&text).unwrap(),
            r#""caf\u00e9 \ud83d\ude00 \\u0041""#
        );
    }

    /// `json` fails to read as a `JsonString` with the message it fails with as a `String`.
    fn assert_refused_as_a_string_is(json: &str) {
        let expected = serde_json::from_str::<String>(json).unwrap_err();
        let error = serde_json::from_str::<JsonString>(json).unwrap_err();
        // Read alone, the literal has no place in a document to report.
        assert_eq!(
            error.to_string(),
            message_without_position(&expected),
            "{json}"
        );
    }

    #[test]
    fn what_a_string_cannot_hold_fails_as_for_a_string() {
        for json in [r#""\ud800""#, r#""x\udc00y""#, r#""\ud800\u0041""#] {
            assert_refused_as_a_string_is(json);
        }
        for json in ["\"bad \\x escape\"", "\"control \u{1} char\"", "\"open"] {
            assert!(serde_json::from_str::<JsonString>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn other_json_values_are_refused_as_for_a_string() {
        for json in ["5", "-5", "-0", "1.5", "1e400", "true", "null", "[]", "{}"] {
            assert_refused_as_a_string_is(json);
        }
        let literal = RawValue::from_string("[1]".to_owned()).unwrap();
        assert!(JsonString::from_literal(literal).is_err());
    }

    #[test]
    fn an_error_message_loses_its_position_only() {
        let error = serde_json::from_str::<String>("5").unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid type: integer `5`, expected a string at line 1 column 1"
        );
        assert_eq!(
            message_without_position(&error),
            "invalid type: integer `5`, expected a string"
        );
        let custom: serde_json::Error = de::Error::custom("no position");
        assert_eq!(message_without_position(&custom), "no position");
    }

    #[test]
    fn a_field_keeps_its_literal_inside_a_document() {
        #[derive(Debug, Deserialize, Serialize)]
        struct Message {
            role: String,
            content: JsonString,
        }
        let json = r#"{"role":"system","content":"line 1\nline 2 \u00e9"}"#;
        let message: Message = serde_json::from_str(json).unwrap();
        assert_eq!(message.content, "line 1\nline 2 é");
        assert_eq!(serde_json::to_string(&message).unwrap(), json);

        // Read from a `Value`, the literal is the value written out by serde_json.
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        let message: Message = serde_json::from_value(value).unwrap();
        assert_eq!(message.content, "line 1\nline 2 é");

        let error = serde_json::from_str::<Message>(r#"{"role":"user","content":7}"#)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("invalid type: integer `7`, expected a string at line 1"),
            "{error}"
        );
    }

    #[test]
    fn values_compare_and_hash_whatever_their_spelling() {
        let spelled = read(r#""\u0041\n""#);
        let plain = JsonString::from("A\n");
        let other = read(r#""A\/""#);
        assert_eq!(spelled, plain);
        assert_eq!(plain, spelled);
        assert_ne!(spelled, other);
        assert_eq!(other, "A/");
        assert_eq!(String::from("A/"), other);
        #[expect(
            clippy::mutable_key_type,
            reason = "the decoded value is filled once and never changes what is hashed"
        )]
        let set: HashSet<JsonString> = [spelled, plain, other].into_iter().collect();
        assert_eq!(set.len(), 2);
        assert!(set.contains("A\n"));
        assert!(read(r#""b""#) > read(r#""\u0061""#));
    }

    #[test]
    fn empty_is_answered_without_decoding() {
        assert!(read(r#""""#).is_empty());
        assert!(JsonString::default().is_empty());
        let escaped = read(r#""\n""#);
        assert!(!escaped.is_empty());
        let Repr::Literal {
            decoded: Some(cell),
            ..
        } = &escaped.0
        else {
            panic!("expected an escaped literal");
        };
        assert!(cell.get().is_none());
    }

    #[test]
    fn debug_and_display_show_the_value() {
        let text = read(r#""tab\there""#);
        assert_eq!(format!("{text}"), "tab\there");
        assert_eq!(format!("{text:?}"), r#""tab\there""#);
    }

    /// A JSON literal for `value`, each character spelled one of the ways JSON allows.
    fn spell(value: &str, choices: &[u8]) -> String {
        let mut literal = String::from("\"");
        for (index, ch) in value.chars().enumerate() {
            let choice = choices[index % choices.len()];
            match ch {
                '"' => literal.push_str("\\\""),
                '\\' => literal.push_str("\\\\"),
                '\n' if choice.is_multiple_of(2) => literal.push_str("\\n"),
                '/' if choice.is_multiple_of(2) => literal.push_str("\\/"),
                ch if (ch as u32) < 0x20 || choice.is_multiple_of(3) => {
                    let mut units = [0u16; 2];
                    for unit in ch.encode_utf16(&mut units) {
                        literal.push_str(&format!("\\u{unit:04x}"));
                    }
                }
                ch => literal.push(ch),
            }
        }
        literal.push('"');
        literal
    }

    proptest! {
        #[test]
        fn any_spelling_reads_as_serde_json_reads_it_and_writes_back_as_read(
            value in any::<String>(),
            choices in proptest::collection::vec(any::<u8>(), 1..8),
        ) {
            let literal = spell(&value, &choices);
            let expected: String = serde_json::from_str(&literal).unwrap();
            prop_assert_eq!(&expected, &value);
            let text: JsonString = serde_json::from_str(&literal).unwrap();
            prop_assert_eq!(text.as_str(), value.as_str());
            prop_assert_eq!(text.is_empty(), value.is_empty());
            prop_assert_eq!(serde_json::to_string(&text).unwrap(), literal);
            prop_assert_eq!(text.clone().into_string(), value.as_str());
            prop_assert_eq!(&text, &JsonString::from(value.as_str()));
            prop_assert_eq!(
                serde_json::to_string(&JsonString::from(value.as_str())).unwrap(),
                serde_json::to_string(&value).unwrap()
            );
        }
    }
}

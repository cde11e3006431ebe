//! What cleaning made of each tool's schema, remembered from one request to the next.
//!
//! Agents send the same tools on every turn: OpenClaw's 11 schemas are 6 KB of text, and
//! checking them ([`is_unchanged_by_cleaning`](super::is_unchanged_by_cleaning)), then parsing,
//! cleaning and writing out the one that needs it, is most of what translating its request
//! costs. A [`SchemaMemo`] keeps, per function name, the schema text last seen and the outcome,
//! so that a schema seen before costs one comparison of its text.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use oci_genai_client::wire::JsonSchema;
use serde_json::value::RawValue;

/// Default for [`SchemaMemo::with_limits`]: how many schemas a memo remembers.
pub const SCHEMA_MEMO_MAX_SCHEMAS: usize = 1_024;

/// Default for [`SchemaMemo::with_limits`]: how many bytes a memo holds, counting for each
/// schema its function name, its text as sent and its cleaned text.
pub const SCHEMA_MEMO_MAX_BYTES: usize = 512 * 1_024;

/// How many different texts a memo keeps under one function name: agents that share a tool
/// name (`read`, `search`) with schemas of their own do not push each other out.
const TEXTS_PER_NAME: usize = 4;

/// Remembers tool schemas by function name and JSON text, with what cleaning made of each, for
/// [`chat_request`](crate::chat_request) to reuse when the same text comes again (see
/// [`RequestOptions::schema_memo`](crate::RequestOptions::schema_memo)).
///
/// An outcome is reused only for the very text it was found for, compared byte for byte; any
/// other text is checked again. So a memo never changes a translation, only what it costs: a
/// request translates to the same OCI request with a memo, without one, and whatever the memo
/// held before.
///
/// Bounded by [`SchemaMemo::with_limits`], in schemas and in bytes (the function name, the text
/// as sent and the cleaned text of each; the map's own bookkeeping comes on top). A schema that
/// would take the memo past a limit empties it first; one whose bytes are over an eighth of
/// the byte limit is never kept; a name keeps its latest four texts. Schemas given as values
/// rather than text ([`FunctionParameters::Value`]) and schemas flattened into COHERE (V1)
/// parameter definitions are not remembered.
///
/// Shared by reference (`Arc`) between the requests of one thread or of several; a lock is
/// held only to look a schema up or to store one.
///
/// ```
/// use std::sync::Arc;
///
/// use openai_types::chat::{ChatCompletionRequestMessage, ChatCompletionTools, CreateChatCompletionRequest};
/// use translate::{ModelCatalog, RequestOptions, SchemaMemo, chat_request};
///
/// let memo = Arc::new(SchemaMemo::new());
/// let options = RequestOptions::new("ocid1.compartment.oc1..x").with_schema_memo(Arc::clone(&memo));
/// let tools: Vec<ChatCompletionTools> = serde_json::from_str(
///     r#"[{"type": "function", "function": {"name": "read", "parameters":
///         {"type": "object", "title": "Read", "properties": {"path": {"type": "string"}}}}}]"#,
/// )?;
/// let mut request = CreateChatCompletionRequest::new("meta.llama-3.3-70b-instruct", vec![
///     ChatCompletionRequestMessage::user("Read /etc/hosts"),
/// ]);
/// request.tools = Some(tools);
/// let target = ModelCatalog::default().resolve(&request.model)?;
///
/// let first = chat_request(&request, &target, &options)?.value;
/// assert_eq!(memo.len(), 1); // `read`, with its cleaned text (no `title`)
/// let second = chat_request(&request, &target, &options)?.value;
/// assert_eq!(serde_json::to_string(&first)?, serde_json::to_string(&second)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`FunctionParameters::Value`]: openai_types::chat::FunctionParameters::Value
#[derive(Debug)]
pub struct SchemaMemo {
    max_schemas: usize,
    max_bytes: usize,
    state: Mutex<Entries>,
}

/// The remembered schemas, by function name, and what they count against the limits.
#[derive(Debug, Default)]
struct Entries {
    by_name: BTreeMap<Box<str>, Vec<Entry>>,
    schemas: usize,
    bytes: usize,
}

/// One schema text and what cleaning made of it.
#[derive(Debug)]
struct Entry {
    sent: Box<str>,
    outcome: Outcome,
    /// The function name, the text sent and the cleaned text.
    bytes: usize,
}

impl Entry {
    /// Whether this entry was stored for `text`, byte for byte.
    fn is_for(&self, text: &RawValue) -> bool {
        *self.sent == *text.get()
    }
}

/// What cleaning makes of a schema text.
///
/// A cleaned schema is kept as the compact JSON text `serde_json` writes for it, which is what
/// the OCI request carries whether the schema goes in as this text or as the value.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    /// Nothing: the text goes to OCI as it is.
    Unchanged,
    /// The cleaned schema, as JSON text.
    Cleaned(Box<RawValue>),
}

impl Outcome {
    /// The schema to send for `text`, the text this outcome was found for.
    pub(crate) fn into_schema(self, text: Cow<'_, RawValue>) -> JsonSchema {
        match self {
            Self::Unchanged => JsonSchema::Text(text.into_owned()),
            Self::Cleaned(cleaned) => JsonSchema::Text(cleaned),
        }
    }

    fn bytes(&self) -> usize {
        match self {
            Self::Unchanged => 0,
            Self::Cleaned(text) => text.get().len(),
        }
    }
}

impl Default for SchemaMemo {
    fn default() -> Self {
        Self::new()
    }
}

impl SchemaMemo {
    /// An empty memo of [`SCHEMA_MEMO_MAX_SCHEMAS`] schemas and [`SCHEMA_MEMO_MAX_BYTES`] bytes.
    #[must_use]
    pub fn new() -> Self {
        Self::with_limits(SCHEMA_MEMO_MAX_SCHEMAS, SCHEMA_MEMO_MAX_BYTES)
    }

    /// An empty memo that holds at most `max_schemas` schemas and `max_bytes` bytes (for each
    /// schema: its function name, its text as sent, and its cleaned text when cleaning changes
    /// it).
    #[must_use]
    pub fn with_limits(max_schemas: usize, max_bytes: usize) -> Self {
        Self {
            max_schemas,
            max_bytes,
            state: Mutex::new(Entries::default()),
        }
    }

    /// How many schemas the memo holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries().schemas
    }

    /// Whether the memo holds no schema.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many bytes the memo's schemas count against its limit.
    #[must_use]
    pub fn bytes(&self) -> usize {
        self.entries().bytes
    }

    /// Forgets every schema.
    pub fn clear(&self) {
        *self.entries() = Entries::default();
    }

    /// The outcome remembered for function `name` with the schema `text`, byte for byte.
    pub(crate) fn get(&self, name: &str, text: &RawValue) -> Option<Outcome> {
        let entries = self.entries();
        let texts = entries.by_name.get(name)?;
        texts
            .iter()
            .find(|entry| entry.is_for(text))
            .map(|entry| entry.outcome.clone())
    }

    /// Remembers `outcome` for function `name` with the schema `text`.
    pub(crate) fn insert(&self, name: &str, text: &RawValue, outcome: Outcome) {
        let bytes = name.len() + text.get().len() + outcome.bytes();
        if bytes > self.max_bytes / 8 || self.max_schemas == 0 {
            return;
        }
        let mut entries = self.entries();
        if let Some(texts) = entries.by_name.get_mut(name) {
            if texts.iter().any(|entry| entry.is_for(text)) {
                return;
            }
            if texts.len() >= TEXTS_PER_NAME {
                let oldest = texts.remove(0);
                entries.schemas -= 1;
                entries.bytes -= oldest.bytes;
            }
        }
        if entries.schemas >= self.max_schemas || entries.bytes + bytes > self.max_bytes {
            // Forgetting everything keeps the memo simple and its cost flat; a client whose
            // tools are the same from turn to turn fills it again on its next request.
            *entries = Entries::default();
        }
        entries.schemas += 1;
        entries.bytes += bytes;
        entries.by_name.entry(name.into()).or_default().push(Entry {
            sent: text.get().into(),
            outcome,
            bytes,
        });
    }

    fn entries(&self) -> MutexGuard<'_, Entries> {
        // Nothing panics while the lock is held; if something did, the entries are still
        // whole (each change is one map operation and two sums), so they stay usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_owned()).unwrap()
    }

    fn cleaned(text: &str) -> Outcome {
        Outcome::Cleaned(raw(text))
    }

    fn is_cleaned_to(outcome: Option<Outcome>, text: &str) -> bool {
        matches!(outcome, Some(Outcome::Cleaned(cleaned)) if cleaned.get() == text)
    }

    #[test]
    fn an_outcome_is_given_back_for_the_same_name_and_text_only() {
        let memo = SchemaMemo::new();
        let sent = raw(r#"{"type":"object","title":"A"}"#);
        assert!(memo.get("a", &sent).is_none());
        memo.insert("a", &sent, cleaned(r#"{"type":"object"}"#));
        assert!(is_cleaned_to(memo.get("a", &sent), r#"{"type":"object"}"#));
        // The same schema written with other spacing is another text.
        assert!(
            memo.get("a", &raw(r#"{"type": "object","title":"A"}"#))
                .is_none()
        );
        assert!(memo.get("b", &sent).is_none());
    }

    #[test]
    fn a_name_keeps_its_latest_four_texts() {
        let memo = SchemaMemo::new();
        let texts: Vec<_> = (0..5)
            .map(|i| raw(&format!(r#"{{"maxLength":{i}}}"#)))
            .collect();
        for text in &texts {
            memo.insert("a", text, Outcome::Unchanged);
        }
        // Stored again: no second copy.
        memo.insert("a", &texts[4], Outcome::Unchanged);
        assert_eq!(memo.len(), 4);
        assert_eq!(memo.bytes(), 4 * ("a".len() + texts[0].get().len()));
        assert!(memo.get("a", &texts[0]).is_none());
        for text in &texts[1..] {
            assert!(
                matches!(memo.get("a", text), Some(Outcome::Unchanged)),
                "{text}"
            );
        }
    }

    #[test]
    fn bytes_count_the_name_the_text_sent_and_the_cleaned_text() {
        let memo = SchemaMemo::new();
        memo.insert("a", &raw(r#"{"title":"A"}"#), cleaned("{}"));
        memo.insert("bb", &raw("{}"), Outcome::Unchanged);
        assert_eq!(memo.bytes(), (1 + 13 + 2) + (2 + 2));
        memo.clear();
        assert!(memo.is_empty());
        assert_eq!(memo.bytes(), 0);
    }

    #[test]
    fn a_full_memo_is_emptied_before_it_takes_one_more_schema() {
        let memo = SchemaMemo::with_limits(2, 1 << 20);
        let text = raw("{}");
        memo.insert("a", &text, Outcome::Unchanged);
        memo.insert("b", &text, Outcome::Unchanged);
        // A schema already held does not count as one more.
        memo.insert("b", &text, Outcome::Unchanged);
        assert_eq!(memo.len(), 2);
        memo.insert("c", &text, Outcome::Unchanged);
        assert_eq!(memo.len(), 1);
        assert!(memo.get("a", &text).is_none());
        assert!(matches!(memo.get("c", &text), Some(Outcome::Unchanged)));
    }

    #[test]
    fn the_byte_limit_empties_the_memo_and_skips_schemas_too_large_to_keep() {
        let memo = SchemaMemo::with_limits(100, 80);
        // 10 bytes each (a one-letter name and 9 bytes of text): the ninth is one too many.
        let text = raw(r#"{"a":"1"}"#);
        for name in ["a", "b", "c", "d", "e", "f", "g", "h"] {
            memo.insert(name, &text, Outcome::Unchanged);
        }
        assert_eq!(memo.bytes(), 80);
        memo.insert("i", &text, Outcome::Unchanged);
        assert_eq!((memo.len(), memo.bytes()), (1, 10));
        // Over an eighth of the limit: never kept, and nothing else is forgotten for it; a long
        // name counts as much as a long text.
        memo.insert("j", &raw(r#"{"a":"12"}"#), Outcome::Unchanged);
        memo.insert("jj", &text, Outcome::Unchanged);
        assert!(memo.get("j", &raw(r#"{"a":"12"}"#)).is_none());
        assert!(memo.get("jj", &text).is_none());
        assert_eq!(memo.len(), 1);
    }

    #[test]
    fn a_memo_without_room_keeps_nothing() {
        for memo in [
            SchemaMemo::with_limits(0, 1 << 20),
            SchemaMemo::with_limits(8, 0),
        ] {
            memo.insert("a", &raw("{}"), Outcome::Unchanged);
            assert!(memo.is_empty());
            assert_eq!(memo.bytes(), 0);
        }
    }
}

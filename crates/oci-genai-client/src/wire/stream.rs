//! Streamed chat events (`isStream: true`): the JSON payload of one SSE
//! `data:` line, in each of the three formats, as they really arrive.
//!
//! The SDK has no types for these; the shapes are those captured from the live
//! service. Every field can be missing, and any event may carry `pad`, a filler
//! string of random length to ignore. GENERIC events have **no** `apiFormat`.
//!
//! | format | text delta | finish event | usage |
//! | --- | --- | --- | --- |
//! | GENERIC | `message.content[].text` | any event with `finishReason` (often bare) | one usage-only event after the finish event |
//! | COHERE | `text`, on events without `toolCalls`/`chatHistory`/`finishReason` | repeats the whole text and history | on the finish event |
//! | COHEREV2 | `message.content[]` (`TEXT`, `THINKING`) | `{"message":{"role":"ASSISTANT"},"finishReason":"COMPLETE"}` | not observed |

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::cohere::{Citation, CohereFinishReason, CohereToolCall, SearchQuery};
use super::cohere_v2::{CohereCitationV2, CohereContentV2, CohereToolCallV2, CohereV2FinishReason};
use super::generic::{Annotation, ChatContent, MessageRole, ToolType};
use super::generic_response::Logprobs;
use super::tagged::Tagged;
use super::usage::Usage;

/// One streamed chat event in any format, picked by `apiFormat` (absent means
/// GENERIC).
///
/// ```
/// use oci_genai_client::wire::ChatStreamEvent;
///
/// let event = ChatStreamEvent::from_json(
///     br#"{"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":"Hi"}]},"pad":"aaaa"}"#,
/// )
/// .unwrap();
/// let ChatStreamEvent::Generic(event) = event else { panic!("not GENERIC") };
/// assert_eq!(event.text().as_deref(), Some("Hi"));
///
/// let event = ChatStreamEvent::from_json(br#"{"apiFormat":"COHERE","text":"Hi"}"#).unwrap();
/// assert!(matches!(event, ChatStreamEvent::Cohere(_)));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ChatStreamEvent {
    /// A GENERIC event (no `apiFormat`, or `"GENERIC"`).
    Generic(GenericStreamEvent),
    /// `apiFormat: "COHERE"`.
    Cohere(CohereStreamEvent),
    /// `apiFormat: "COHEREV2"`.
    CohereV2(CohereV2StreamEvent),
    /// An object with an `apiFormat` this crate does not know, kept as received.
    Other(Value),
}

impl ChatStreamEvent {
    /// Parses the payload of one SSE `data:` line.
    ///
    /// The `[DONE]` sentinel is not JSON: check [`crate::sse::Event::is_done`]
    /// first.
    ///
    /// # Errors
    ///
    /// When the payload is not a JSON object, or a known field has the wrong
    /// type.
    pub fn from_json(payload: &[u8]) -> Result<Self, serde_json::Error> {
        if may_carry_api_format(payload) {
            serde_json::from_slice(payload)
        } else {
            // Hot path: a GENERIC event cannot carry the tag, so parse it
            // directly without looking for one.
            serde_json::from_slice(payload).map(Self::Generic)
        }
    }

    /// The `finishReason`, if this is a finish event. GENERIC reasons are free
    /// text (`stop`, `tool_calls`, `max_tokens`, …); Cohere ones are UPPERCASE.
    pub fn finish_reason(&self) -> Option<&str> {
        match self {
            Self::Generic(e) => e.finish_reason.as_deref(),
            Self::Cohere(e) => e.finish_reason.as_ref().map(CohereFinishReason::as_str),
            Self::CohereV2(e) => e.finish_reason.as_ref().map(CohereV2FinishReason::as_str),
            Self::Other(v) => v.get("finishReason").and_then(Value::as_str),
        }
    }

    /// The token usage this event carries, if any (never for `Other`).
    pub fn usage(&self) -> Option<&Usage> {
        match self {
            Self::Generic(e) => e.usage.as_ref(),
            Self::Cohere(e) => e.usage.as_ref(),
            Self::CohereV2(e) => e.usage.as_ref(),
            Self::Other(_) => None,
        }
    }

    /// Whether this event carries token usage (an `Other` event counts when it
    /// has a `usage` object).
    pub fn has_usage(&self) -> bool {
        match self {
            Self::Other(v) => v.get("usage").is_some_and(Value::is_object),
            _ => self.usage().is_some(),
        }
    }

    /// The `errorMessage` Cohere sets when an error ends the stream.
    pub fn error_message(&self) -> Option<&str> {
        match self {
            Self::Generic(_) => None,
            Self::Cohere(e) => e.error_message.as_deref(),
            Self::CohereV2(e) => e.error_message.as_deref(),
            Self::Other(v) => v.get("errorMessage").and_then(Value::as_str),
        }
    }
}

/// Whether `payload` might contain an `apiFormat` key. A payload without the
/// bytes `apiFormat` and without `\u` escapes (which could spell a key
/// differently) certainly has none. Only `F` and `\` bytes are looked at
/// closely, and they are found eight bytes at a time.
fn may_carry_api_format(payload: &[u8]) -> bool {
    let mut rest = payload;
    while let Some(at) = crate::scan::find_either(rest, b'F', b'\\') {
        let (before, found) = rest.split_at(at);
        rest = match found {
            [b'\\', b'u', ..] => return true,
            // Skip the escaped byte (`\\`, `\"`, …).
            [b'\\', _, tail @ ..] => tail,
            [b'F', tail @ ..] if before.ends_with(b"api") && tail.starts_with(b"ormat") => {
                return true;
            }
            [_, tail @ ..] => tail,
            [] => return false,
        };
    }
    false
}

impl Tagged for ChatStreamEvent {
    const TAG: &'static str = "apiFormat";
    const EXPECTING: &'static str = "a streamed chat event object";

    fn is_known(tag: &str) -> bool {
        matches!(tag, "GENERIC" | "COHERE" | "COHEREV2")
    }

    fn from_known<'de, D: Deserializer<'de>>(tag: &str, de: D) -> Result<Self, D::Error> {
        match tag {
            "COHERE" => CohereStreamEvent::deserialize(de).map(Self::Cohere),
            "COHEREV2" => CohereV2StreamEvent::deserialize(de).map(Self::CohereV2),
            _ => GenericStreamEvent::deserialize(de).map(Self::Generic),
        }
    }

    fn other(value: Value) -> Self {
        Self::Other(value)
    }

    fn untagged(object: Map<String, Value>) -> Result<Self, serde_json::Error> {
        GenericStreamEvent::deserialize(Value::Object(object)).map(Self::Generic)
    }
}

impl<'de> Deserialize<'de> for ChatStreamEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::tagged::deserialize(deserializer)
    }
}

impl From<GenericStreamEvent> for ChatStreamEvent {
    fn from(event: GenericStreamEvent) -> Self {
        Self::Generic(event)
    }
}

impl From<CohereStreamEvent> for ChatStreamEvent {
    fn from(event: CohereStreamEvent) -> Self {
        Self::Cohere(event)
    }
}

impl From<CohereV2StreamEvent> for ChatStreamEvent {
    fn from(event: CohereV2StreamEvent) -> Self {
        Self::CohereV2(event)
    }
}

/// A streamed GENERIC event. Every part can be missing:
///
/// * text delta: `{"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":" I"}]},"pad":"aaaaa"}`;
/// * reasoning delta: `{"index":0,"message":{"role":"ASSISTANT","reasoningContent":"…"}}`;
/// * tool-call fragment: `{"index":0,"message":{"role":"ASSISTANT","toolCalls":[{"type":"FUNCTION","arguments":"Paris\"}"}]}}`;
/// * finish: `{"finishReason":"stop","serviceTier":"default"}` (OpenAI-served),
///   `{"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":""}]},"finishReason":"stop"}` (Meta),
///   `{"finishReason":"max_tokens"}` (Gemini);
/// * usage: `{"usage":{"promptTokens":18,"completionTokens":4,"totalTokens":22}}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenericStreamEvent {
    /// `index`: the choice index; often missing (read it as 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
    /// `message`: the delta.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<GenericStreamMessage>,
    /// `finishReason`: free text from the backend model (`stop`, `length`,
    /// `tool_calls`, Gemini's `max_tokens`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finish_reason: Option<String>,
    /// `usage`: on the usage-only event after the finish event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// `pad`: random-length filler. Ignore it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pad: Option<String>,
    /// `serviceTier`: OpenAI-served models put it on every event (`"default"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_tier: Option<String>,
    /// `logprobs`: the log-probabilities of this delta's tokens, when the request set
    /// `logProbs` (the SDK's `ChatChoice` field; a stream event is a partial choice).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logprobs: Option<Logprobs>,
}

impl GenericStreamEvent {
    /// The text of this delta: its `TEXT` parts joined, or `None` when it has
    /// no text part with text. The empty string is returned as `Some("")`.
    pub fn text(&self) -> Option<std::borrow::Cow<'_, str>> {
        let parts = self.message.as_ref()?.content.as_ref()?;
        let mut texts = parts.iter().filter_map(ChatContent::as_text);
        let first = texts.next()?;
        match texts.next() {
            None => Some(std::borrow::Cow::Borrowed(first)),
            Some(second) => {
                let mut joined = String::with_capacity(first.len() + second.len());
                joined.push_str(first);
                joined.push_str(second);
                texts.for_each(|t| joined.push_str(t));
                Some(std::borrow::Cow::Owned(joined))
            }
        }
    }
}

/// The `message` of a streamed GENERIC event: the fields of `AssistantMessage`,
/// all optional, with tool calls as [`ToolCallFragment`]s.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenericStreamMessage {
    /// `role`: `ASSISTANT` when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<MessageRole>,
    /// `content`: new text only (deltas, not cumulative). Can be `null`,
    /// missing, or hold a `TEXT` part without `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<ChatContent>>,
    /// `toolCalls`: fragments, see [`ToolCallFragment`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<ToolCallFragment>>,
    /// `reasoningContent`: a reasoning delta (xAI Grok, OpenAI reasoning models).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_content: Option<String>,
    /// `refusal` (as on `AssistantMessage`; not seen in a stream so far).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
    /// `annotations` (as on `AssistantMessage`; not seen in a stream so far).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Vec<Annotation>>,
}

/// One streamed GENERIC tool-call fragment, the flat `FunctionCall` shape with
/// every field optional.
///
/// How models send them:
///
/// * GPT models (OpenAI-served, gpt-oss) and Llama: a fragment with `id` and
///   `name` opens a call (gpt-oss may already include part of `arguments`);
///   id-less `arguments` fragments follow. Parallel calls come one after the
///   other, all at array position 0.
/// * xAI Grok: each call complete in one event, parallel calls in separate
///   events, each at position 0 with its own id.
/// * Gemini: no `id` at all.
///
/// Correlation rule: a fragment with an id starts a call (or continues the
/// call with that id); a fragment without one continues the call most
/// recently started at the same position.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolCallFragment {
    /// `id`: only on the fragment that opens a call, and never from Gemini.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `type`: `FUNCTION` when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<ToolType>,
    /// `name`: on the opening fragment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `arguments`: a piece of the JSON arguments string; concatenate them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arguments: Option<String>,
}

/// A streamed COHERE event (`apiFormat: "COHERE"`).
///
/// A tool turn is: token deltas `{"text":"I"}`, `{"text":" will"}`…; then an
/// event with `toolCalls` that repeats the whole text; then the final event
/// with `finishReason: "COMPLETE"`, `chatHistory`, the text again (or `""`),
/// `toolCalls` and, when usage was asked for, `usage`. Treat `text` as a delta
/// only on events without `toolCalls`, `chatHistory` and `finishReason`
/// ([`CohereStreamEvent::text_delta`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "apiFormat", rename = "COHERE", rename_all = "camelCase")]
pub struct CohereStreamEvent {
    /// `text`: a delta, or the whole text on the tool-call and final events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// `toolCalls`: whole calls, `{name, parameters}`, no id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<CohereToolCall>>,
    /// `chatHistory`: the whole history, on the final event. Kept as JSON: it repeats the
    /// conversation and only its presence matters here (it marks the final event), so an
    /// entry of an unexpected shape must not turn a finished answer into a decoding error.
    /// Each entry reads as a [`CohereMessage`](super::CohereMessage) when needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat_history: Option<Vec<Value>>,
    /// `finishReason`: on the final event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finish_reason: Option<CohereFinishReason>,
    /// `usage`: on the final event, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// `errorMessage`: set on the final event when an error ended the stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// `index`: sometimes `0`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
    /// `pad`: random-length filler. Ignore it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pad: Option<String>,
    /// `citations` (as on `CohereChatResponse`; not seen in a stream so far).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citations: Option<Vec<Citation>>,
    /// `documents` (as on `CohereChatResponse`; not seen in a stream so far).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<Vec<Value>>,
    /// `searchQueries` (as on `CohereChatResponse`; not seen in a stream so far).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_queries: Option<Vec<SearchQuery>>,
    /// `isSearchRequired` (as on `CohereChatResponse`; not seen in a stream so far).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_search_required: Option<bool>,
}

impl CohereStreamEvent {
    /// The text of this event *if it is a delta*: `None` on the events that
    /// repeat the whole text (those with `toolCalls`, `chatHistory` or
    /// `finishReason`).
    pub fn text_delta(&self) -> Option<&str> {
        if self.tool_calls.is_some() || self.chat_history.is_some() || self.finish_reason.is_some()
        {
            return None;
        }
        self.text.as_deref()
    }
}

/// A streamed COHEREV2 event (`apiFormat: "COHEREV2"`), e.g.
/// `{"apiFormat":"COHEREV2","message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":"Hi"}]}}`
/// and the finish event
/// `{"apiFormat":"COHEREV2","message":{"role":"ASSISTANT"},"finishReason":"COMPLETE"}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "apiFormat", rename = "COHEREV2", rename_all = "camelCase")]
pub struct CohereV2StreamEvent {
    /// `message`: the delta.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<CohereV2StreamMessage>,
    /// `finishReason`: on the final event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finish_reason: Option<CohereV2FinishReason>,
    /// `usage` (not observed on a COHEREV2 stream so far).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// `errorMessage` (as on `CohereChatResponseV2`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// `pad`: random-length filler. Ignore it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pad: Option<String>,
}

/// The `message` of a streamed COHEREV2 event: the fields of
/// `CohereAssistantMessageV2`, all optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CohereV2StreamMessage {
    /// `role`: `ASSISTANT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<MessageRole>,
    /// `content`: `TEXT` and `THINKING` deltas.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<CohereContentV2>>,
    /// `toolCalls`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<CohereToolCallV2>>,
    /// `toolPlan`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_plan: Option<String>,
    /// `citations`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citations: Option<Vec<CohereCitationV2>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_finds_the_tag_or_an_escape() {
        assert!(!may_carry_api_format(br#"{"index":0,"pad":"aaa"}"#));
        assert!(may_carry_api_format(br#"{"apiFormat":"COHERE"}"#));
        assert!(may_carry_api_format(br#"{"api\u0046ormat":"COHERE"}"#));
        // An escaped backslash before a `u` is not an escape sequence.
        assert!(!may_carry_api_format(br#"{"text":"C:\\users"}"#));
        assert!(!may_carry_api_format(b"\\"));
        assert!(!may_carry_api_format(b"F"));
        assert!(!may_carry_api_format(
            br#"{"text":"Format: apiF, FFF api Forma"}"#
        ));
        assert!(may_carry_api_format(br#"{"text":"FF apiFormat"}"#));
        assert!(may_carry_api_format(br#"{"text":"\"apiFormat\""}"#));
        assert!(!may_carry_api_format(br#"{"text":"\\","x":"apiFormaT"}"#));
    }

    #[test]
    fn escaped_key_still_picks_the_format() {
        let event =
            ChatStreamEvent::from_json(br#"{"api\u0046ormat":"COHERE","text":"x"}"#).unwrap();
        assert!(matches!(event, ChatStreamEvent::Cohere(e) if e.text.as_deref() == Some("x")));
    }

    #[test]
    fn tag_after_other_keys_still_picks_the_format() {
        let event =
            ChatStreamEvent::from_json(br#"{"text":"x","pad":"a","apiFormat":"COHERE"}"#).unwrap();
        assert!(matches!(event, ChatStreamEvent::Cohere(e) if e.text.as_deref() == Some("x")));
        let event =
            ChatStreamEvent::from_json(br#"{"finishReason":"COMPLETE","apiFormat":"COHEREV2"}"#)
                .unwrap();
        assert_eq!(event.finish_reason(), Some("COMPLETE"));
        assert!(matches!(event, ChatStreamEvent::CohereV2(_)));
    }

    #[test]
    fn text_mentioning_the_tag_is_still_generic() {
        let event = ChatStreamEvent::from_json(
            br#"{"message":{"content":[{"type":"TEXT","text":"set apiFormat to COHERE"}]}}"#,
        )
        .unwrap();
        assert!(matches!(event, ChatStreamEvent::Generic(_)));
    }

    #[test]
    fn explicit_generic_tag_is_generic() {
        let event = ChatStreamEvent::from_json(br#"{"apiFormat":"GENERIC","finishReason":"stop"}"#)
            .unwrap();
        assert!(
            matches!(&event, ChatStreamEvent::Generic(e) if e.finish_reason.as_deref() == Some("stop"))
        );
    }

    #[test]
    fn unknown_format_is_kept() {
        let raw = br#"{"apiFormat":"COHEREV3","finishReason":"DONE","usage":{"totalTokens":3}}"#;
        let event = ChatStreamEvent::from_json(raw).unwrap();
        assert!(matches!(event, ChatStreamEvent::Other(_)));
        assert_eq!(event.finish_reason(), Some("DONE"));
        assert!(event.has_usage());
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            serde_json::from_slice::<Value>(raw).unwrap()
        );
    }

    #[test]
    fn non_objects_are_errors() {
        assert!(ChatStreamEvent::from_json(b"[DONE]").is_err());
        assert!(ChatStreamEvent::from_json(b"\"x\"").is_err());
        assert!(ChatStreamEvent::from_json(b"").is_err());
        assert!(ChatStreamEvent::from_json(br#"{"apiFormat":"COHERE","text":1}"#).is_err());
    }

    #[test]
    fn empty_object_is_an_empty_generic_event() {
        let event = ChatStreamEvent::from_json(b"{}").unwrap();
        assert_eq!(
            event,
            ChatStreamEvent::Generic(GenericStreamEvent::default())
        );
        let event = ChatStreamEvent::from_json(br#"{"api\u0046ormat":null}"#).unwrap();
        assert!(matches!(event, ChatStreamEvent::Other(_)));
    }

    #[test]
    fn nulls_read_as_absent() {
        let event = ChatStreamEvent::from_json(
            br#"{"index":null,"message":{"role":"ASSISTANT","content":null,"toolCalls":null},"finishReason":null,"usage":null}"#,
        )
        .unwrap();
        let ChatStreamEvent::Generic(event) = event else {
            panic!("not GENERIC")
        };
        assert_eq!(event.index, None);
        assert_eq!(event.finish_reason, None);
        let message = event.message.unwrap();
        assert_eq!(message.content, None);
        assert_eq!(message.tool_calls, None);
    }

    #[test]
    fn text_joins_parts_and_skips_non_text() {
        let event: GenericStreamEvent = serde_json::from_str(
            r#"{"message":{"content":[{"type":"TEXT","text":"a"},{"type":"TEXT"},{"type":"IMAGE","imageUrl":{"url":"x"}},{"type":"TEXT","text":"b"},{"type":"TEXT","text":"c"}]}}"#,
        )
        .unwrap();
        assert_eq!(event.text().as_deref(), Some("abc"));
        let event: GenericStreamEvent =
            serde_json::from_str(r#"{"message":{"content":[{"type":"TEXT"}]}}"#).unwrap();
        assert_eq!(event.text(), None);
    }

    #[test]
    fn cohere_text_delta_only_on_plain_events() {
        let delta: CohereStreamEvent = serde_json::from_str(r#"{"text":"I"}"#).unwrap();
        assert_eq!(delta.text_delta(), Some("I"));
        let repeat: CohereStreamEvent =
            serde_json::from_str(r#"{"text":"I will","toolCalls":[{"name":"f","parameters":{}}]}"#)
                .unwrap();
        assert_eq!(repeat.text_delta(), None);
        let finish: CohereStreamEvent =
            serde_json::from_str(r#"{"text":"I will","finishReason":"COMPLETE"}"#).unwrap();
        assert_eq!(finish.text_delta(), None);
    }
}

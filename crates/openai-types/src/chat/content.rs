//! Message content: a plain string or a list of typed parts.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use json_literal::{JsonString, message_without_position};
use serde::de::{self, DeserializeOwned, IntoDeserializer, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::macros::string_enum;
use crate::single_pass::tagged_enum_deserialize;

/// Content that is either one string or an array of parts of type `P`.
///
/// Every message role uses this shape with its own part type; see the aliases such as
/// [`ChatCompletionRequestUserMessageContent`]. On the wire it is an untagged union
/// (`"content": "hi"` or `"content": [{"type": "text", "text": "hi"}]`), told apart by the
/// JSON type of the value, which gives a clear error for anything else. A part that does not
/// fit fails with a message that names it by its index first (`content part 1: unknown
/// variant ...`): the parts are read from the text of the value, so the reader's path and
/// position stop at `content`.
///
/// Text read from JSON is kept as its JSON literal ([`JsonString`]): a gateway that passes a
/// 25 KB system prompt on neither decodes nor escapes it again.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum MessageContent<P> {
    /// `"content": "..."`.
    Text(JsonString),
    /// `"content": [part, ...]`.
    Array(Vec<P>),
}

impl<P> Default for MessageContent<P> {
    fn default() -> Self {
        Self::Text(JsonString::default())
    }
}

impl<P> MessageContent<P> {
    /// The content when it was sent as a plain string.
    #[must_use]
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(text) => Some(text.as_str()),
            Self::Array(_) => None,
        }
    }
}

impl<P: ContentPart> MessageContent<P> {
    /// The text of the content: the string itself, or the `text` of each text part in order.
    ///
    /// Parts that carry no text (images, audio, files, refusals) are skipped. Nothing is joined
    /// or copied; the caller decides how to combine the pieces.
    pub fn text_parts(&self) -> impl Iterator<Item = &str> {
        self.texts().map(JsonString::as_str)
    }

    /// The same pieces as [`MessageContent::text_parts`], as the [`JsonString`]s they are held
    /// in: cloning one keeps the JSON literal it was read from, so writing it out again copies
    /// the literal instead of escaping the text.
    pub fn texts(&self) -> impl Iterator<Item = &JsonString> {
        let (single, parts) = match self {
            Self::Text(text) => (Some(text), &[][..]),
            Self::Array(parts) => (None, parts.as_slice()),
        };
        single
            .into_iter()
            .chain(parts.iter().filter_map(ContentPart::text))
    }
}

impl<P> From<&str> for MessageContent<P> {
    fn from(text: &str) -> Self {
        Self::Text(text.into())
    }
}

impl<P> From<String> for MessageContent<P> {
    fn from(text: String) -> Self {
        Self::Text(text.into())
    }
}

impl<P> From<JsonString> for MessageContent<P> {
    fn from(text: JsonString) -> Self {
        Self::Text(text)
    }
}

impl<P> From<Vec<P>> for MessageContent<P> {
    fn from(parts: Vec<P>) -> Self {
        Self::Array(parts)
    }
}

impl<P: Serialize> Serialize for MessageContent<P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(text) => text.serialize(serializer),
            Self::Array(parts) => parts.serialize(serializer),
        }
    }
}

/// What `content` may be, for error messages.
const CONTENT_EXPECTING: &str = "a string or an array of content parts";

impl<'de, P: DeserializeOwned> Deserialize<'de> for MessageContent<P> {
    /// Reads the value's JSON text first, so that a string keeps its literal; an array of
    /// parts is then read from that text, and anything else is refused by its JSON type.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Box::<RawValue>::deserialize(deserializer)?;
        match value.get().as_bytes().first() {
            Some(b'"') => JsonString::from_literal(value)
                .map(Self::Text)
                .map_err(|error| de::Error::custom(message_without_position(&error))),
            Some(b'[') => read_parts(value.get()).map(Self::Array),
            _ => Err(refuse_content(value.get())),
        }
    }
}

/// Reads an array of content parts from its JSON text. A part that does not fit is named by
/// its index, since the reader's own position is within this text, not the request.
fn read_parts<P: DeserializeOwned, E: de::Error>(text: &str) -> Result<Vec<P>, E> {
    struct PartsVisitor<'a, P> {
        read: &'a Cell<usize>,
        parts: PhantomData<P>,
    }

    impl<'de, P: DeserializeOwned> Visitor<'de> for PartsVisitor<'_, P> {
        type Value = Vec<P>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array of content parts")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<P>, A::Error> {
            let mut parts = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(part) = seq.next_element()? {
                parts.push(part);
                self.read.set(parts.len());
            }
            Ok(parts)
        }
    }

    let read = Cell::new(0);
    let mut reader = serde_json::Deserializer::from_str(text);
    reader
        .deserialize_seq(PartsVisitor {
            read: &read,
            parts: PhantomData,
        })
        .map_err(|error| {
            E::custom(format_args!(
                "content part {}: {}",
                read.get(),
                message_without_position(&error)
            ))
        })
}

/// The "invalid type" error for a `content` that is neither a string nor an array.
fn refuse_content<E: de::Error>(text: &str) -> E {
    struct Refuse;

    impl Visitor<'_> for Refuse {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(CONTENT_EXPECTING)
        }
    }

    // Read back as a `Value`, the value is refused by serde's own visitor, which names its
    // JSON type (`integer `5``, `map`, ...); a `Value`'s errors carry no position.
    let refused = serde_json::from_str::<serde_json::Value>(text)
        .and_then(|value| value.into_deserializer().deserialize_any(Refuse));
    match refused {
        Err(error) => E::custom(message_without_position(&error)),
        Ok(()) => E::invalid_type(de::Unexpected::Other("a value"), &CONTENT_EXPECTING),
    }
}

/// A content part that may carry text; used by [`MessageContent::text_parts`].
pub trait ContentPart {
    /// The part's text, if it is a text part.
    fn text(&self) -> Option<&JsonString>;

    /// The part's text as a `str`, if it is a text part.
    fn as_text(&self) -> Option<&str> {
        self.text().map(JsonString::as_str)
    }
}

/// Content of a `system` or `developer` message.
pub type ChatCompletionRequestSystemMessageContent =
    MessageContent<ChatCompletionRequestSystemMessageContentPart>;

/// Content of a `developer` message (same shape as a system message's).
pub type ChatCompletionRequestDeveloperMessageContent =
    MessageContent<ChatCompletionRequestSystemMessageContentPart>;

/// Content of a `tool` message (text only).
pub type ChatCompletionRequestToolMessageContent =
    MessageContent<ChatCompletionRequestToolMessageContentPart>;

/// Content of a `user` message: text, images, audio and files.
pub type ChatCompletionRequestUserMessageContent =
    MessageContent<ChatCompletionRequestUserMessageContentPart>;

/// Content of an `assistant` message in the request history: text and refusals.
pub type ChatCompletionRequestAssistantMessageContent =
    MessageContent<ChatCompletionRequestAssistantMessageContentPart>;

/// A part of a text-only content array (`system`, `developer`, `tool` and predicted output).
///
/// [Spec](https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages):
/// these roles accept only `{"type": "text", "text": ...}` parts.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChatCompletionRequestSystemMessageContentPart {
    /// `{"type": "text", "text": ...}`.
    Text(ChatCompletionRequestMessageContentPartText),
}

tagged_enum_deserialize!(ChatCompletionRequestSystemMessageContentPart, tag = "type", expecting = "a content part with a `type`", {
    Text = "text",
});

/// A part of a `tool` message's content array; the same text-only shape.
pub type ChatCompletionRequestToolMessageContentPart =
    ChatCompletionRequestSystemMessageContentPart;

impl ContentPart for ChatCompletionRequestSystemMessageContentPart {
    fn text(&self) -> Option<&JsonString> {
        match self {
            Self::Text(part) => Some(&part.text),
        }
    }
}

impl From<&str> for ChatCompletionRequestSystemMessageContentPart {
    fn from(text: &str) -> Self {
        Self::Text(text.into())
    }
}

/// A part of a `user` message's content array, tagged by `type`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChatCompletionRequestUserMessageContentPart {
    /// `{"type": "text", "text": ...}`.
    Text(ChatCompletionRequestMessageContentPartText),
    /// `{"type": "image_url", "image_url": {"url", "detail"}}`.
    ImageUrl(ChatCompletionRequestMessageContentPartImage),
    /// `{"type": "input_audio", "input_audio": {"data", "format"}}`.
    InputAudio(ChatCompletionRequestMessageContentPartAudio),
    /// `{"type": "file", "file": {"file_data" | "file_id", "filename"}}`.
    File(ChatCompletionRequestMessageContentPartFile),
}

tagged_enum_deserialize!(ChatCompletionRequestUserMessageContentPart, tag = "type", expecting = "a content part with a `type`", {
    Text = "text",
    ImageUrl = "image_url",
    InputAudio = "input_audio",
    File = "file",
});

impl ChatCompletionRequestUserMessageContentPart {
    /// An image part referring to `url` (an `https:` URL or a `data:` URL) with no `detail`.
    pub fn image_url(url: impl Into<String>) -> Self {
        Self::ImageUrl(ChatCompletionRequestMessageContentPartImage {
            image_url: ImageUrl {
                url: url.into(),
                detail: None,
            },
            prompt_cache_breakpoint: None,
        })
    }
}

impl ContentPart for ChatCompletionRequestUserMessageContentPart {
    fn text(&self) -> Option<&JsonString> {
        match self {
            Self::Text(part) => Some(&part.text),
            _ => None,
        }
    }
}

impl From<&str> for ChatCompletionRequestUserMessageContentPart {
    fn from(text: &str) -> Self {
        Self::Text(text.into())
    }
}

impl From<ChatCompletionRequestMessageContentPartText>
    for ChatCompletionRequestUserMessageContentPart
{
    fn from(part: ChatCompletionRequestMessageContentPartText) -> Self {
        Self::Text(part)
    }
}

impl From<ChatCompletionRequestMessageContentPartImage>
    for ChatCompletionRequestUserMessageContentPart
{
    fn from(part: ChatCompletionRequestMessageContentPartImage) -> Self {
        Self::ImageUrl(part)
    }
}

/// A part of an `assistant` message's content array in the request history.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChatCompletionRequestAssistantMessageContentPart {
    /// `{"type": "text", "text": ...}`.
    Text(ChatCompletionRequestMessageContentPartText),
    /// `{"type": "refusal", "refusal": ...}`.
    Refusal(ChatCompletionRequestMessageContentPartRefusal),
}

tagged_enum_deserialize!(ChatCompletionRequestAssistantMessageContentPart, tag = "type", expecting = "a content part with a `type`", {
    Text = "text",
    Refusal = "refusal",
});

impl ContentPart for ChatCompletionRequestAssistantMessageContentPart {
    fn text(&self) -> Option<&JsonString> {
        match self {
            Self::Text(part) => Some(&part.text),
            Self::Refusal(_) => None,
        }
    }
}

impl From<&str> for ChatCompletionRequestAssistantMessageContentPart {
    fn from(text: &str) -> Self {
        Self::Text(text.into())
    }
}

/// The body of a `text` part (its `type` tag is written by the enclosing enum).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionRequestMessageContentPartText {
    /// The text, kept as its JSON literal when read (see [`JsonString`]).
    pub text: JsonString,
    /// Where a prompt-cache segment ends, as the client marked it (the OpenAI SDKs send it on
    /// every kind of part).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt_cache_breakpoint: Option<PromptCacheBreakpoint>,
}

impl From<&str> for ChatCompletionRequestMessageContentPartText {
    fn from(text: &str) -> Self {
        Self::from(text.to_owned())
    }
}

impl From<String> for ChatCompletionRequestMessageContentPartText {
    fn from(text: String) -> Self {
        Self {
            text: text.into(),
            prompt_cache_breakpoint: None,
        }
    }
}

/// A prompt-cache breakpoint on a content part.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PromptCacheBreakpoint {
    /// `"explicit"`.
    pub mode: String,
    /// How long the cached prefix is kept (`"30m"`, `"12h"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ttl: Option<String>,
}

/// The body of a `refusal` part.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionRequestMessageContentPartRefusal {
    /// The refusal message the model produced.
    pub refusal: String,
}

/// The body of an `image_url` part.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionRequestMessageContentPartImage {
    /// The image location and detail level.
    pub image_url: ImageUrl,
    /// Where a prompt-cache segment ends, as the client marked it (the OpenAI SDKs send it on
    /// every kind of part).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt_cache_breakpoint: Option<PromptCacheBreakpoint>,
}

/// An image reference inside an `image_url` part.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImageUrl {
    /// An `https:` URL or a `data:image/...;base64,...` URL.
    pub url: String,
    /// How closely the model should look at the image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<ImageDetail>,
}

string_enum! {
    /// The `detail` level of an image part.
    pub enum ImageDetail {
        /// `"auto"`: the model decides.
        Auto = "auto",
        /// `"low"`: a 512x512 preview.
        Low = "low",
        /// `"high"`: full resolution.
        High = "high",
        /// `"original"`: the image as sent, not resized.
        Original = "original",
    }
}

/// The body of an `input_audio` part.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionRequestMessageContentPartAudio {
    /// The audio data and its format.
    pub input_audio: InputAudio,
    /// Where a prompt-cache segment ends, as the client marked it (the OpenAI SDKs send it on
    /// every kind of part).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt_cache_breakpoint: Option<PromptCacheBreakpoint>,
}

/// Base64 audio inside an `input_audio` part.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InputAudio {
    /// Base64-encoded audio bytes.
    pub data: String,
    /// The encoding of `data`.
    pub format: InputAudioFormat,
}

string_enum! {
    /// The encoding of an `input_audio` part.
    #[derive(Default)]
    pub enum InputAudioFormat {
        /// `"wav"`.
        #[default]
        Wav = "wav",
        /// `"mp3"`.
        Mp3 = "mp3",
    }
}

/// The body of a `file` part.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionRequestMessageContentPartFile {
    /// The file, inline or by id.
    pub file: FileObject,
    /// Where a prompt-cache segment ends, as the client marked it (the OpenAI SDKs send it on
    /// every kind of part).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt_cache_breakpoint: Option<PromptCacheBreakpoint>,
}

/// A file inside a `file` part: inline base64 data or the id of an uploaded file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FileObject {
    /// Base64 file data (usually a `data:` URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_data: Option<String>,
    /// The id of a file uploaded through the Files API.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_id: Option<String>,
    /// The file name shown to the model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::{ChatCompletionRequestMessage, CreateChatCompletionRequest};

    type UserContent = MessageContent<ChatCompletionRequestUserMessageContentPart>;

    #[test]
    fn text_keeps_the_literal_it_was_read_from() {
        let json = r#"{"model":"m","messages":[{"role":"system","content":"Be brief.\nUse \"quotes\" and caf\u00e9."},{"role":"user","content":[{"type":"text","text":"tab\there"}]}]}"#;
        let request: CreateChatCompletionRequest = serde_json::from_str(json).unwrap();
        let ChatCompletionRequestMessage::System(system) = &request.messages[0] else {
            panic!("expected the system message");
        };
        assert_eq!(
            system.content.as_text(),
            Some("Be brief.\nUse \"quotes\" and café.")
        );
        let MessageContent::Text(text) = &system.content else {
            panic!("expected text");
        };
        assert_eq!(
            text.literal().map(RawValue::get),
            Some(r#""Be brief.\nUse \"quotes\" and caf\u00e9.""#)
        );
        let ChatCompletionRequestMessage::User(user) = &request.messages[1] else {
            panic!("expected the user message");
        };
        assert_eq!(user.content.text_parts().collect::<Vec<_>>(), ["tab\there"]);
        // Written back with each literal as it came.
        assert_eq!(serde_json::to_string(&request).unwrap(), json);
    }

    #[test]
    fn text_of_a_message_whose_role_comes_last_is_read_too() {
        let message: ChatCompletionRequestMessage =
            serde_json::from_str(r#"{"content":"line\none","role":"user"}"#).unwrap();
        let ChatCompletionRequestMessage::User(user) = message else {
            panic!("expected a user message");
        };
        assert_eq!(user.content.as_text(), Some("line\none"));
    }

    #[test]
    fn content_that_is_neither_text_nor_parts_is_refused_by_its_type() {
        for (json, found) in [
            ("7", "integer `7`"),
            ("true", "boolean `true`"),
            ("{}", "map"),
            ("-1.5", "floating point `-1.5`"),
        ] {
            let error = serde_json::from_str::<UserContent>(json)
                .unwrap_err()
                .to_string();
            assert_eq!(
                error,
                format!("invalid type: {found}, expected a string or an array of content parts"),
            );
        }
    }

    #[test]
    fn a_part_that_does_not_fit_is_named_by_its_index() {
        let json =
            r#"{"role":"user","content":[{"type":"text","text":"a"},{"type":"video","video":{}}]}"#;
        let error = serde_json::from_str::<ChatCompletionRequestMessage>(json).unwrap_err();
        // The position is the request's, past the parts, and given once: the array's own
        // position, within the array, is left out.
        assert!(error.column() > json.find('[').unwrap(), "{error}");
        let error = error.to_string();
        assert!(
            error.starts_with("content part 1: unknown variant `video`, expected one of"),
            "{error}"
        );
        assert_eq!(error.matches(" at line ").count(), 1, "{error}");

        let error = serde_json::from_str::<UserContent>(r#"["text"]"#)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("content part 0: invalid type: string"),
            "{error}"
        );
    }

    #[test]
    fn text_that_no_string_can_hold_is_refused() {
        let error = serde_json::from_str::<UserContent>(r#""\udc00""#).unwrap_err();
        assert!(
            !error.to_string().contains(" at line 1 column 1 "),
            "{error}"
        );
        assert!(
            serde_json::from_str::<UserContent>(r#"[{"type":"text","text":"\ud800"}]"#).is_err()
        );
    }
}

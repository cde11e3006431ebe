//! Message content: a plain string or a list of typed parts.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::SeqAccessDeserializer;
use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::macros::string_enum;
use crate::single_pass::tagged_enum_deserialize;

/// Content that is either one string or an array of parts of type `P`.
///
/// Every message role uses this shape with its own part type; see the aliases such as
/// [`ChatCompletionRequestUserMessageContent`]. On the wire it is an untagged union
/// (`"content": "hi"` or `"content": [{"type": "text", "text": "hi"}]`); it is read by one
/// visitor that looks at the JSON type instead of trying each variant in turn, which is faster
/// and gives a clear error.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum MessageContent<P> {
    /// `"content": "..."`.
    Text(String),
    /// `"content": [part, ...]`.
    Array(Vec<P>),
}

impl<P> Default for MessageContent<P> {
    fn default() -> Self {
        Self::Text(String::new())
    }
}

impl<P> MessageContent<P> {
    /// The content when it was sent as a plain string.
    #[must_use]
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(text) => Some(text),
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
        let (single, parts) = match self {
            Self::Text(text) => (Some(text.as_str()), &[][..]),
            Self::Array(parts) => (None, parts.as_slice()),
        };
        single
            .into_iter()
            .chain(parts.iter().filter_map(ContentPart::as_text))
    }
}

impl<P> From<&str> for MessageContent<P> {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl<P> From<String> for MessageContent<P> {
    fn from(text: String) -> Self {
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
            Self::Text(text) => serializer.serialize_str(text),
            Self::Array(parts) => parts.serialize(serializer),
        }
    }
}

impl<'de, P: Deserialize<'de>> Deserialize<'de> for MessageContent<P> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ContentVisitor<P>(PhantomData<P>);

        impl<'de, P: Deserialize<'de>> Visitor<'de> for ContentVisitor<P> {
            type Value = MessageContent<P>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of content parts")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(MessageContent::Text(value.to_owned()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(MessageContent::Text(value))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(MessageContent::Array)
            }
        }

        deserializer.deserialize_any(ContentVisitor(PhantomData))
    }
}

/// A content part that may carry text; used by [`MessageContent::text_parts`].
pub trait ContentPart {
    /// The part's text, if it is a text part.
    fn as_text(&self) -> Option<&str>;
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
    fn as_text(&self) -> Option<&str> {
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
    fn as_text(&self) -> Option<&str> {
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
    fn as_text(&self) -> Option<&str> {
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
    /// The text.
    pub text: String,
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
            text,
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

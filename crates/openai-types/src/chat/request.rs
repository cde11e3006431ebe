//! The chat completion request and its options.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::value::SeqAccessDeserializer;
use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::content::ChatCompletionRequestSystemMessageContent;
use super::message::ChatCompletionRequestMessage;
use super::response_format::ResponseFormat;
use super::tool::{
    ChatCompletionFunctionCall, ChatCompletionFunctions, ChatCompletionToolChoiceOption,
    ChatCompletionTools,
};
use crate::macros::string_enum;
use crate::single_pass::struct_with_extra_deserialize;

/// A request to `POST /v1/chat/completions`.
///
/// [Spec](https://platform.openai.com/docs/api-reference/chat/create). Every documented
/// field is typed; anything else lands in [`extra`](Self::extra) and is written back unchanged,
/// so a request round-trips without loss. `None` fields are omitted when writing.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CreateChatCompletionRequest {
    /// The model id, e.g. `gpt-5`.
    pub model: String,
    /// The conversation so far.
    pub messages: Vec<ChatCompletionRequestMessage>,
    /// Stream the answer as server-sent events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream: Option<bool>,
    /// Options for streaming.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_options: Option<ChatCompletionStreamOptions>,
    /// The deprecated token limit; reasoning models reject it in favour of
    /// `max_completion_tokens`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
    /// The token limit for the completion, reasoning tokens included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_completion_tokens: Option<u32>,
    /// Sampling temperature, 0 to 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    /// Nucleus sampling mass, 0 to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_p: Option<f64>,
    /// How many choices to generate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<u32>,
    /// Up to 4 sequences where generation stops.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop: Option<StopConfiguration>,
    /// Penalty for tokens already present, -2 to 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence_penalty: Option<f64>,
    /// Penalty proportional to token frequency, -2 to 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency_penalty: Option<f64>,
    /// Bias per token id (as a string key), -100 to 100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logit_bias: Option<BTreeMap<String, i32>>,
    /// Return log probabilities of the output tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logprobs: Option<bool>,
    /// How many most likely tokens to return per position, 0 to 20.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_logprobs: Option<u32>,
    /// Best-effort deterministic sampling.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<i64>,
    /// A stable end-user id (deprecated in favour of `safety_identifier` and
    /// `prompt_cache_key`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Tools the model may call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<ChatCompletionTools>>,
    /// Which tool to call, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_choice: Option<ChatCompletionToolChoiceOption>,
    /// Allow several tool calls in one turn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallel_tool_calls: Option<bool>,
    /// Free text, JSON mode or structured outputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_format: Option<ResponseFormat>,
    /// How hard a reasoning model thinks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_effort: Option<ReasoningEffort>,
    /// How long the answer should be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verbosity: Option<Verbosity>,
    /// Up to 16 string pairs stored with the completion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
    /// Store the completion for distillation and evals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store: Option<bool>,
    /// The processing tier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_tier: Option<ServiceTier>,
    /// Known output to speed up regeneration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prediction: Option<PredictionContent>,
    /// Output modalities, `["text"]` or `["text", "audio"]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modalities: Option<Vec<ResponseModality>>,
    /// Audio output settings, with `modalities: ["text", "audio"]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio: Option<ChatCompletionAudioParam>,
    /// Web search settings for search models.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_search_options: Option<WebSearchOptions>,
    /// A key that groups requests for prompt caching.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt_cache_key: Option<String>,
    /// A stable, hashed end-user id for abuse detection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safety_identifier: Option<String>,
    /// The deprecated predecessor of `tools`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub functions: Option<Vec<ChatCompletionFunctions>>,
    /// The deprecated predecessor of `tool_choice`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_call: Option<ChatCompletionFunctionCall>,
    /// Every field this crate does not type, kept verbatim (provider-specific parameters,
    /// fields newer than this crate). The gateway decides whether to forward, log or reject
    /// them.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

struct_with_extra_deserialize!(CreateChatCompletionRequest, expecting = "a chat completion request object",
    required {
        model: String,
        messages: Vec<ChatCompletionRequestMessage>,
    }
    optional {
        stream: bool,
        stream_options: ChatCompletionStreamOptions,
        max_tokens: u32,
        max_completion_tokens: u32,
        temperature: f64,
        top_p: f64,
        n: u32,
        stop: StopConfiguration,
        presence_penalty: f64,
        frequency_penalty: f64,
        logit_bias: BTreeMap<String, i32>,
        logprobs: bool,
        top_logprobs: u32,
        seed: i64,
        user: String,
        tools: Vec<ChatCompletionTools>,
        tool_choice: ChatCompletionToolChoiceOption,
        parallel_tool_calls: bool,
        response_format: ResponseFormat,
        reasoning_effort: ReasoningEffort,
        verbosity: Verbosity,
        metadata: BTreeMap<String, String>,
        store: bool,
        service_tier: ServiceTier,
        prediction: PredictionContent,
        modalities: Vec<ResponseModality>,
        audio: ChatCompletionAudioParam,
        web_search_options: WebSearchOptions,
        prompt_cache_key: String,
        safety_identifier: String,
        functions: Vec<ChatCompletionFunctions>,
        function_call: ChatCompletionFunctionCall,
    }
);

impl CreateChatCompletionRequest {
    /// A request for `model` with `messages` and nothing else set.
    pub fn new(model: impl Into<String>, messages: Vec<ChatCompletionRequestMessage>) -> Self {
        Self {
            model: model.into(),
            messages,
            ..Self::default()
        }
    }

    /// Sets `stream`, and `stream_options.include_usage` when streaming.
    #[must_use]
    pub fn with_stream(mut self, stream: bool) -> Self {
        self.stream = Some(stream);
        if stream {
            self.stream_options = Some(ChatCompletionStreamOptions {
                include_usage: Some(true),
                ..ChatCompletionStreamOptions::default()
            });
        }
        self
    }

    /// Sets `max_completion_tokens`.
    #[must_use]
    pub fn with_max_completion_tokens(mut self, max_completion_tokens: u32) -> Self {
        self.max_completion_tokens = Some(max_completion_tokens);
        self
    }

    /// Sets `temperature`.
    #[must_use]
    pub fn with_temperature(mut self, temperature: f64) -> Self {
        self.temperature = Some(temperature);
        self
    }

    /// Sets `tools`.
    #[must_use]
    pub fn with_tools(mut self, tools: impl IntoIterator<Item = ChatCompletionTools>) -> Self {
        self.tools = Some(tools.into_iter().collect());
        self
    }

    /// Sets `tool_choice`.
    #[must_use]
    pub fn with_tool_choice(
        mut self,
        tool_choice: impl Into<ChatCompletionToolChoiceOption>,
    ) -> Self {
        self.tool_choice = Some(tool_choice.into());
        self
    }

    /// Sets `response_format`.
    #[must_use]
    pub fn with_response_format(mut self, response_format: ResponseFormat) -> Self {
        self.response_format = Some(response_format);
        self
    }

    /// The effective completion token limit: `max_completion_tokens`, else `max_tokens`.
    #[must_use]
    pub fn token_limit(&self) -> Option<u32> {
        self.max_completion_tokens.or(self.max_tokens)
    }

    /// Whether the client asked for a final usage chunk.
    #[must_use]
    pub fn include_usage(&self) -> bool {
        self.stream_options
            .as_ref()
            .and_then(|options| options.include_usage)
            .unwrap_or(false)
    }
}

/// Options for a streamed response.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionStreamOptions {
    /// Send a last chunk with `choices: []` and the `usage`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_usage: Option<bool>,
    /// Pad chunks with a random `obfuscation` field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_obfuscation: Option<bool>,
}

/// Stop sequences: one string or a list.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StopConfiguration {
    /// `"stop": "..."`.
    String(String),
    /// `"stop": ["...", ...]`.
    StringArray(Vec<String>),
}

impl StopConfiguration {
    /// The stop sequences as a slice-like iterator, whichever form was sent.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let (single, many) = match self {
            Self::String(stop) => (Some(stop.as_str()), &[][..]),
            Self::StringArray(stops) => (None, stops.as_slice()),
        };
        single.into_iter().chain(many.iter().map(String::as_str))
    }
}

impl From<&str> for StopConfiguration {
    fn from(stop: &str) -> Self {
        Self::String(stop.to_owned())
    }
}

impl From<String> for StopConfiguration {
    fn from(stop: String) -> Self {
        Self::String(stop)
    }
}

impl From<Vec<String>> for StopConfiguration {
    fn from(stops: Vec<String>) -> Self {
        Self::StringArray(stops)
    }
}

impl Serialize for StopConfiguration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::String(stop) => serializer.serialize_str(stop),
            Self::StringArray(stops) => stops.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for StopConfiguration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StopVisitor;

        impl<'de> Visitor<'de> for StopVisitor {
            type Value = StopConfiguration;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(StopConfiguration::String(value.to_owned()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(StopConfiguration::String(value))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq))
                    .map(StopConfiguration::StringArray)
            }
        }

        deserializer.deserialize_any(StopVisitor)
    }
}

string_enum! {
    /// How hard a reasoning model thinks before answering.
    pub enum ReasoningEffort {
        /// `"none"`: no reasoning (gpt-5.1 and later).
        None = "none",
        /// `"minimal"`.
        Minimal = "minimal",
        /// `"low"`.
        Low = "low",
        /// `"medium"`: the usual default.
        Medium = "medium",
        /// `"high"`.
        High = "high",
        /// `"xhigh"`.
        Xhigh = "xhigh",
    }
}

string_enum! {
    /// How verbose the answer should be.
    pub enum Verbosity {
        /// `"low"`.
        Low = "low",
        /// `"medium"`.
        Medium = "medium",
        /// `"high"`.
        High = "high",
    }
}

string_enum! {
    /// The processing tier of a request or response.
    pub enum ServiceTier {
        /// `"auto"`: the project's default.
        Auto = "auto",
        /// `"default"`: standard pricing and performance.
        Default = "default",
        /// `"flex"`: cheaper, slower.
        Flex = "flex",
        /// `"scale"`: scale tier credits.
        Scale = "scale",
        /// `"priority"`: faster, dearer.
        Priority = "priority",
    }
}

string_enum! {
    /// An output modality.
    pub enum ResponseModality {
        /// `"text"`.
        Text = "text",
        /// `"audio"`.
        Audio = "audio",
    }
}

/// Audio output settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionAudioParam {
    /// The voice.
    pub voice: VoiceParam,
    /// The audio encoding.
    pub format: AudioFormat,
}

/// The voice of audio output: a built-in one by name, or a custom voice by its id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    untagged,
    expecting = "a voice name such as \"alloy\", or a custom voice {\"id\": \"voice_…\"}"
)]
#[non_exhaustive]
pub enum VoiceParam {
    /// `"alloy"`, `"ash"`…
    Builtin(Voice),
    /// `{"id": "voice_…"}`.
    Custom {
        /// The custom voice's id.
        id: String,
    },
}

impl Default for VoiceParam {
    fn default() -> Self {
        Self::Builtin(Voice::default())
    }
}

impl From<Voice> for VoiceParam {
    fn from(voice: Voice) -> Self {
        Self::Builtin(voice)
    }
}

string_enum! {
    /// A built-in voice for audio output.
    #[derive(Default)]
    pub enum Voice {
        /// `"alloy"`.
        #[default]
        Alloy = "alloy",
        /// `"ash"`.
        Ash = "ash",
        /// `"ballad"`.
        Ballad = "ballad",
        /// `"coral"`.
        Coral = "coral",
        /// `"echo"`.
        Echo = "echo",
        /// `"fable"`.
        Fable = "fable",
        /// `"nova"`.
        Nova = "nova",
        /// `"onyx"`.
        Onyx = "onyx",
        /// `"sage"`.
        Sage = "sage",
        /// `"shimmer"`.
        Shimmer = "shimmer",
        /// `"verse"`.
        Verse = "verse",
        /// `"marin"`.
        Marin = "marin",
        /// `"cedar"`.
        Cedar = "cedar",
    }
}

string_enum! {
    /// The encoding of audio output.
    #[derive(Default)]
    pub enum AudioFormat {
        /// `"wav"`.
        Wav = "wav",
        /// `"aac"`.
        Aac = "aac",
        /// `"mp3"`.
        #[default]
        Mp3 = "mp3",
        /// `"flac"`.
        Flac = "flac",
        /// `"opus"`.
        Opus = "opus",
        /// `"pcm16"`.
        Pcm16 = "pcm16",
    }
}

/// Predicted output: `{"type": "content", "content": ...}`.
///
/// `content` is the only type; it is written, and not checked when reading.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "content")]
pub struct PredictionContent {
    /// The text expected to appear in the answer, as a string or text parts.
    pub content: ChatCompletionRequestSystemMessageContent,
}

/// Web search settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WebSearchOptions {
    /// How much context to retrieve.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_context_size: Option<WebSearchContextSize>,
    /// The user's approximate location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_location: Option<WebSearchUserLocation>,
}

string_enum! {
    /// How much web context to retrieve.
    pub enum WebSearchContextSize {
        /// `"low"`.
        Low = "low",
        /// `"medium"`.
        Medium = "medium",
        /// `"high"`.
        High = "high",
    }
}

/// The user's location for web search: `{"type": "approximate", "approximate": {...}}`.
///
/// `approximate` is the only type; it is written, and not checked when reading.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "approximate")]
pub struct WebSearchUserLocation {
    /// The approximate location.
    pub approximate: WebSearchLocation,
}

/// An approximate location.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WebSearchLocation {
    /// City, free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-1 two-letter country code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Region, free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// IANA time zone, e.g. `Europe/Paris`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

//! OpenAI chat request → OCI `ChatDetails`, in the format the target takes.
//!
//! [`chat_request`] checks what no format can express, picks the format
//! ([`Target::api_format`]) and hands over to the format's module. Parameters that have no OCI
//! field and do not change the meaning are dropped and named in [`Translated::dropped`].

mod cohere;
mod generic;

use std::borrow::Cow;
use std::sync::Arc;

use oci_genai_client::wire::{ChatDetails, ChatRequest, JsonSchema, StreamOptions};
use openai_types::chat::{
    ChatCompletionRequestMessage, ChatCompletionRequestUserMessageContentPart,
    ChatCompletionToolChoiceOption, ChatCompletionTools, CreateChatCompletionRequest,
    FunctionObject, FunctionParameters, MessageContent, ResponseModality, ToolChoiceMode,
};
use serde_json::Value;

use crate::catalog::{ApiFormat, Target};
use crate::error::TranslateError;
use crate::schema::{Outcome, SchemaMemo, clean_schema_in_place, is_unchanged_by_cleaning};

/// What the gateway adds to every request.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RequestOptions {
    /// The compartment OCID requests run in (`compartmentId`).
    pub compartment_id: String,
    /// Ask OCI for usage on every streamed request (`streamOptions.isIncludeUsage`), even when
    /// the client did not ask for a usage chunk, so that the gateway can log and meter tokens.
    /// The client still gets a usage chunk only if it asked. Default: `true`.
    pub always_request_stream_usage: bool,
    /// Where tool schemas are checked and cleaned once per text rather than once per request
    /// (see [`SchemaMemo`]). It changes what a translation costs, never its result. Default:
    /// none.
    pub schema_memo: Option<Arc<SchemaMemo>>,
}

impl RequestOptions {
    /// Options for `compartment_id`, asking OCI for stream usage always, without a memo.
    pub fn new(compartment_id: impl Into<String>) -> Self {
        Self {
            compartment_id: compartment_id.into(),
            always_request_stream_usage: true,
            schema_memo: None,
        }
    }

    /// The same options, remembering tool schemas in `memo`.
    #[must_use]
    pub fn with_schema_memo(mut self, memo: Arc<SchemaMemo>) -> Self {
        self.schema_memo = Some(memo);
        self
    }
}

/// A translation's result, with the names of the request fields it dropped because OCI has no
/// field for them and they do not change the meaning (`store`, `user`, an unknown `foo`,
/// `tools[3]` for a non-function tool). The crate does not log; the gateway logs them at debug
/// level.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Translated<T> {
    /// The translated value.
    pub value: T,
    /// Dropped request fields, in OpenAI's spelling, in the order met.
    pub dropped: Vec<String>,
}

/// Dropped field names, gathered while translating.
#[derive(Debug, Default)]
pub(crate) struct Dropped(Vec<String>);

impl Dropped {
    pub(crate) fn add(&mut self, name: impl Into<String>) {
        self.0.push(name.into());
    }

    pub(crate) fn add_if<T>(&mut self, value: &Option<T>, name: &'static str) {
        if value.is_some() {
            self.0.push(name.to_owned());
        }
    }

    pub(crate) fn into_vec(self) -> Vec<String> {
        self.0
    }
}

/// Translates an OpenAI chat request into the OCI request for `target`.
///
/// Takes the request borrowed (`&request`) or lent (`&mut request`): see [`RequestInput`].
///
/// ```
/// use openai_types::chat::{ChatCompletionRequestMessage, CreateChatCompletionRequest};
/// use translate::{ModelCatalog, RequestOptions, chat_request};
///
/// let mut request = CreateChatCompletionRequest::new(
///     "gpt-5",
///     vec![ChatCompletionRequestMessage::user("Hi")],
/// )
/// .with_stream(true)
/// .with_max_completion_tokens(512);
/// request.store = Some(false);
/// let target = ModelCatalog::default().resolve(&request.model)?;
/// let translated = chat_request(&request, &target, &RequestOptions::new("ocid1.compartment.oc1..x"))?;
/// let json = serde_json::to_value(&translated.value).unwrap();
/// assert_eq!(json["servingMode"]["modelId"], "openai.gpt-4.1");
/// assert_eq!(json["chatRequest"]["apiFormat"], "GENERIC");
/// assert_eq!(json["chatRequest"]["maxCompletionTokens"], 512);
/// assert_eq!(json["chatRequest"]["streamOptions"]["isIncludeUsage"], true);
/// assert_eq!(translated.dropped, ["store"]);
/// # Ok::<(), translate::TranslateError>(())
/// ```
///
/// # Errors
///
/// [`TranslateError::Unsupported`] for what OCI cannot express and that changes the meaning
/// (`n` > 1 on a Cohere model, audio input or output, `input_audio` and `file_id` parts,
/// custom tool calls in the history, the deprecated `functions`, logprobs on Cohere, a forced
/// tool choice on COHERE V1, ...) and [`TranslateError::Invalid`] for an inconsistent request
/// (no messages, `n: 0`, a tool result answering no call, a tool choice naming no tool). Each
/// names the field. `docs/translation.md` lists them all.
pub fn chat_request<'a>(
    request: impl RequestInput<'a>,
    target: &Target,
    options: &RequestOptions,
) -> Result<Translated<ChatDetails>, TranslateError> {
    let (req, mut schemas) = sealed::Split::split(request);
    schemas.memo.clone_from(&options.schema_memo);
    check_common(req)?;
    let format = target.api_format(carries_images(req));
    let mut dropped = Dropped::default();
    common_dropped(req, &mut dropped);
    let chat_request = match format {
        ApiFormat::Generic => ChatRequest::Generic(generic::request(
            req,
            &mut schemas,
            target,
            options,
            &mut dropped,
        )?),
        ApiFormat::Cohere => ChatRequest::Cohere(cohere::request_v1(
            req,
            &mut schemas,
            target,
            options,
            &mut dropped,
        )?),
        ApiFormat::CohereV2 => ChatRequest::CohereV2(cohere::request_v2(
            req,
            &mut schemas,
            target,
            options,
            &mut dropped,
        )?),
    };
    Ok(Translated {
        value: ChatDetails {
            compartment_id: options.compartment_id.clone(),
            serving_mode: target.serving_mode(),
            chat_request,
        },
        dropped: dropped.into_vec(),
    })
}

/// A request [`chat_request`] takes: borrowed (`&request`), or lent (`&mut request`), in
/// which case its tool schemas are moved into the translation (each `parameters` is left
/// `None`, whether the translation succeeds or not) instead of copied: a schema's text goes
/// to OCI as it is, or is parsed and cleaned. A gateway, which has no further use for the
/// schemas, lends the request.
///
/// Implemented for `&CreateChatCompletionRequest` and `&mut CreateChatCompletionRequest`
/// only; a request behind a smart pointer is passed as `&*request`.
pub trait RequestInput<'a>: sealed::Split<'a> {}

impl<'a> RequestInput<'a> for &'a CreateChatCompletionRequest {}

impl<'a> RequestInput<'a> for &'a mut CreateChatCompletionRequest {}

mod sealed {
    use openai_types::chat::{ChatCompletionTools, CreateChatCompletionRequest};

    use super::ToolSchemas;

    /// The request to read, and the tool schemas it gives up.
    pub trait Split<'a> {
        fn split(self) -> (&'a CreateChatCompletionRequest, ToolSchemas);
    }

    impl<'a> Split<'a> for &'a CreateChatCompletionRequest {
        fn split(self) -> (&'a CreateChatCompletionRequest, ToolSchemas) {
            (
                self,
                ToolSchemas {
                    taken: None,
                    memo: None,
                },
            )
        }
    }

    impl<'a> Split<'a> for &'a mut CreateChatCompletionRequest {
        fn split(self) -> (&'a CreateChatCompletionRequest, ToolSchemas) {
            let taken = self
                .tools
                .iter_mut()
                .flatten()
                .map(|tool| match tool {
                    ChatCompletionTools::Function(tool) => tool.function.parameters.take(),
                    _ => None,
                })
                .collect();
            (
                self,
                ToolSchemas {
                    taken: Some(taken),
                    memo: None,
                },
            )
        }
    }
}

/// The tools' `parameters`, each cleaned once when a format asks for it: moved out of a lent
/// request or copied from a borrowed one. A schema cleaning would leave as it is stays the JSON
/// text the client sent; any other is parsed and cleaned.
#[derive(Debug)]
pub struct ToolSchemas {
    /// By index in the request's `tools`, for a lent request; `None` for a borrowed one.
    taken: Option<Vec<Option<FunctionParameters>>>,
    /// Outcomes of earlier requests, from [`RequestOptions::schema_memo`].
    memo: Option<Arc<SchemaMemo>>,
}

impl ToolSchemas {
    /// The cleaned schema of the function at `index` in the request's `tools`, as the client's
    /// text when cleaning would not change it. Asked once per tool: a schema moved out of the
    /// request is given away.
    pub(crate) fn cleaned(
        &mut self,
        index: usize,
        function: &FunctionObject,
    ) -> Result<Option<JsonSchema>, TranslateError> {
        let text = match self.take(index, function) {
            None => return Ok(None),
            Some(Cow::Owned(FunctionParameters::Text(text))) => Cow::Owned(text),
            Some(Cow::Borrowed(FunctionParameters::Text(text))) => Cow::Borrowed(&**text),
            Some(parameters) => {
                return Ok(Some(JsonSchema::Value(cleaned_value(index, parameters)?)));
            }
        };
        let memo = self.memo.as_deref();
        if let Some(outcome) = memo.and_then(|memo| memo.get(&function.name, &text)) {
            return Ok(Some(outcome.into_schema(text)));
        }
        let outcome = if is_unchanged_by_cleaning(&text) {
            Outcome::Unchanged
        } else {
            let value = clean_parsed(index, serde_json::from_str(text.get()))?;
            // A memo keeps the cleaned schema as the text it writes out to.
            match memo.map(|_| serde_json::value::to_raw_value(&value)) {
                Some(Ok(cleaned)) => Outcome::Cleaned(cleaned),
                _ => return Ok(Some(JsonSchema::Value(value))),
            }
        };
        if let Some(memo) = memo {
            memo.insert(&function.name, &text, outcome.clone());
        }
        Ok(Some(outcome.into_schema(text)))
    }

    /// The cleaned schema of the function at `index`, as a value, for a format that rewrites
    /// it. Asked once per tool, as [`ToolSchemas::cleaned`].
    pub(crate) fn cleaned_value(
        &mut self,
        index: usize,
        function: &FunctionObject,
    ) -> Result<Option<Value>, TranslateError> {
        self.take(index, function)
            .map(|parameters| cleaned_value(index, parameters))
            .transpose()
    }

    fn take<'f>(
        &mut self,
        index: usize,
        function: &'f FunctionObject,
    ) -> Option<Cow<'f, FunctionParameters>> {
        match &mut self.taken {
            Some(taken) => taken.get_mut(index).and_then(Option::take).map(Cow::Owned),
            None => function.parameters.as_ref().map(Cow::Borrowed),
        }
    }
}

/// The schema of the function at `index`, parsed if it is text, and cleaned.
fn cleaned_value(
    index: usize,
    parameters: Cow<'_, FunctionParameters>,
) -> Result<Value, TranslateError> {
    let parsed = match parameters {
        Cow::Owned(parameters) => parameters.into_value(),
        Cow::Borrowed(parameters) => parameters.to_value().map(Cow::into_owned),
    };
    clean_parsed(index, parsed)
}

/// The schema of the function at `index`, as read into a value (`parsed`), cleaned; a schema
/// that is no JSON value is an error naming it.
fn clean_parsed(
    index: usize,
    parsed: Result<Value, serde_json::Error>,
) -> Result<Value, TranslateError> {
    let mut schema = parsed.map_err(|error| {
        TranslateError::invalid(
            format!("tools[{index}].function.parameters"),
            error.to_string(),
        )
    })?;
    clean_schema_in_place(&mut schema);
    Ok(schema)
}

/// A `response_format` schema as OCI gets it: the client's text when it was read from one,
/// since a model writes its answer's fields in the schema's order. Reading the request
/// checked only its JSON syntax; what no JSON value can hold (a number out of range, a lone
/// surrogate escape, nesting past serde_json's limit) is refused here, as tool parameters are.
fn response_schema(schema: &FunctionParameters) -> Result<JsonSchema, TranslateError> {
    let value = schema.to_value().map_err(|error| {
        TranslateError::invalid(
            "response_format.json_schema.schema",
            format!("not a JSON Schema this gateway can read: {error}"),
        )
    })?;
    Ok(match schema.json_text() {
        Some(text) => JsonSchema::Text(text.to_owned()),
        None => JsonSchema::Value(value.into_owned()),
    })
}

/// Rejections that hold whatever the format.
fn check_common(req: &CreateChatCompletionRequest) -> Result<(), TranslateError> {
    if req.messages.is_empty() {
        return Err(TranslateError::invalid(
            "messages",
            "at least one message is required",
        ));
    }
    if req.n == Some(0) {
        return Err(TranslateError::invalid("n", "must be at least 1"));
    }
    if let Some(modalities) = &req.modalities
        && modalities.iter().any(|m| *m != ResponseModality::Text)
    {
        return Err(TranslateError::unsupported(
            "modalities",
            "OCI Generative AI chat answers in text only",
        ));
    }
    if req.audio.is_some() {
        return Err(TranslateError::unsupported(
            "audio",
            "OCI Generative AI chat answers in text only",
        ));
    }
    if req.functions.is_some() || req.function_call.is_some() {
        let param = if req.functions.is_some() {
            "functions"
        } else {
            "function_call"
        };
        return Err(TranslateError::unsupported(
            param,
            "the deprecated functions API is not translated; send `tools` and `tool_choice`",
        ));
    }
    Ok(())
}

/// Harmless client-side fields no format has a field for.
fn common_dropped(req: &CreateChatCompletionRequest, dropped: &mut Dropped) {
    dropped.add_if(&req.store, "store");
    dropped.add_if(&req.user, "user");
    dropped.add_if(&req.prompt_cache_key, "prompt_cache_key");
    dropped.add_if(&req.safety_identifier, "safety_identifier");
    dropped.add_if(&req.modalities, "modalities");
    if let Some(options) = &req.stream_options {
        if req.stream != Some(true) {
            dropped.add("stream_options");
        } else if options.include_obfuscation.is_some() {
            dropped.add("stream_options.include_obfuscation");
        }
    }
    for key in req.extra.keys() {
        if key != "top_k" {
            dropped.add(key.as_str());
        }
    }
}

/// Whether any user message has an image part.
fn carries_images(req: &CreateChatCompletionRequest) -> bool {
    req.messages.iter().any(|message| match message {
        ChatCompletionRequestMessage::User(user) => match &user.content {
            MessageContent::Array(parts) => parts.iter().any(|part| {
                matches!(
                    part,
                    ChatCompletionRequestUserMessageContentPart::ImageUrl(_)
                )
            }),
            _ => false,
        },
        _ => false,
    })
}

/// The token limit to send: the client's (`max_completion_tokens`, else `max_tokens`), else
/// the alias default; capped by the alias cap.
fn token_limit(req: &CreateChatCompletionRequest, target: &Target) -> Option<u32> {
    let limit = req.token_limit().or(target.settings.default_max_tokens)?;
    Some(match target.settings.max_tokens_cap {
        Some(cap) => limit.min(cap),
        None => limit,
    })
}

/// `isStream` and `streamOptions`.
fn stream_fields(
    req: &CreateChatCompletionRequest,
    options: &RequestOptions,
) -> (Option<bool>, Option<StreamOptions>) {
    if req.stream != Some(true) {
        return (None, None);
    }
    let usage = req.include_usage() || options.always_request_stream_usage;
    (
        Some(true),
        usage.then_some(StreamOptions {
            is_include_usage: Some(true),
        }),
    )
}

/// The stop sequences, `None` when there are none.
fn stop_sequences(req: &CreateChatCompletionRequest) -> Option<Vec<String>> {
    let stop: Vec<String> = req.stop.as_ref()?.iter().map(str::to_owned).collect();
    (!stop.is_empty()).then_some(stop)
}

/// `top_k`, which some clients send as an extra parameter (vLLM style).
fn top_k(req: &CreateChatCompletionRequest) -> Result<Option<i32>, TranslateError> {
    match req.extra.get("top_k") {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_i64()
            .and_then(|k| i32::try_from(k).ok())
            .map(Some)
            .ok_or_else(|| TranslateError::invalid("top_k", "must be an integer")),
    }
}

/// How the model may use the tools, after resolving the OpenAI tool choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice<'a> {
    Auto,
    None,
    Required,
    Function(&'a str),
}

/// The function tools to send and the tool choice, shared by every format.
struct ToolPlan<'a> {
    /// `(index in the request's tools, function)`.
    functions: Vec<(usize, &'a FunctionObject)>,
    choice: Option<Choice<'a>>,
}

impl<'a> ToolPlan<'a> {
    fn new(
        req: &'a CreateChatCompletionRequest,
        dropped: &mut Dropped,
    ) -> Result<Self, TranslateError> {
        let mut functions: Vec<(usize, &FunctionObject)> = Vec::new();
        for (index, tool) in req.tools.iter().flatten().enumerate() {
            match tool {
                ChatCompletionTools::Function(tool) => functions.push((index, &tool.function)),
                // Custom (free-form) and future tool kinds: OCI has function tools only.
                _ => dropped.add(format!("tools[{index}]")),
            }
        }
        let has = |name: &str| functions.iter().any(|(_, f)| f.name == name);
        let choice = match &req.tool_choice {
            None => None,
            Some(ChatCompletionToolChoiceOption::Mode(mode)) => Some(match mode {
                ToolChoiceMode::None => Choice::None,
                ToolChoiceMode::Auto => Choice::Auto,
                ToolChoiceMode::Required => Choice::Required,
                other => {
                    return Err(TranslateError::invalid(
                        "tool_choice",
                        format!("unknown mode `{other}`"),
                    ));
                }
            }),
            Some(ChatCompletionToolChoiceOption::Function(named)) => {
                let name = named.function.name.as_str();
                if !has(name) {
                    return Err(TranslateError::invalid(
                        "tool_choice",
                        format!("names `{name}`, which is not a function tool of the request"),
                    ));
                }
                Some(Choice::Function(name))
            }
            Some(ChatCompletionToolChoiceOption::AllowedTools(allowed)) => {
                let names: Vec<&str> = allowed
                    .allowed_tools
                    .tools
                    .iter()
                    .filter_map(|tool| tool.get("function")?.get("name")?.as_str())
                    .collect();
                functions.retain(|(_, f)| names.contains(&f.name.as_str()));
                Some(match allowed.allowed_tools.mode {
                    ToolChoiceMode::Required => Choice::Required,
                    _ => Choice::Auto,
                })
            }
            Some(_) => {
                return Err(TranslateError::unsupported(
                    "tool_choice",
                    "OCI Generative AI has function tools only",
                ));
            }
        };
        let choice = match choice {
            Some(Choice::Required | Choice::Function(_)) if functions.is_empty() => {
                return Err(TranslateError::invalid(
                    "tool_choice",
                    "forces a tool call, but the request has no function tool",
                ));
            }
            Some(_) if functions.is_empty() => {
                dropped.add("tool_choice");
                None
            }
            choice => choice,
        };
        Ok(Self { functions, choice })
    }
}

/// All texts of a content joined with `separator`.
fn joined<P: openai_types::chat::ContentPart>(
    content: &MessageContent<P>,
    separator: &str,
) -> String {
    match content {
        MessageContent::Text(text) => text.as_str().to_owned(),
        _ => {
            let mut out = String::new();
            for (i, text) in content.text_parts().enumerate() {
                if i > 0 {
                    out.push_str(separator);
                }
                out.push_str(text);
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::value::RawValue;

    use super::*;

    /// The translation reads the memo instead of checking the text again: an outcome planted
    /// for the exact text is what goes out, and any other text is checked.
    #[test]
    fn a_remembered_outcome_is_used_for_its_text_only() {
        let parameters = r#"{"type":"object"}"#;
        let request: CreateChatCompletionRequest = serde_json::from_str(&format!(
            r#"{{"model": "m", "messages": [{{"role": "user", "content": "hi"}}],
                "tools": [{{"type": "function", "function": {{"name": "f", "parameters": {parameters}}}}}]}}"#
        ))
        .unwrap();
        let planted = RawValue::from_string(r#"{"planted":true}"#.to_owned()).unwrap();
        let sent = |text: &str| {
            let memo = Arc::new(SchemaMemo::new());
            memo.insert(
                "f",
                &RawValue::from_string(text.to_owned()).unwrap(),
                Outcome::Cleaned(planted.clone()),
            );
            let options = RequestOptions::new("c").with_schema_memo(Arc::clone(&memo));
            let translated = chat_request(
                &request,
                &Target::oci("meta.llama-3.3-70b-instruct"),
                &options,
            )
            .unwrap();
            let json = serde_json::to_value(&translated.value).unwrap();
            json["chatRequest"]["tools"][0]["parameters"].to_string()
        };
        assert_eq!(sent(parameters), r#"{"planted":true}"#);
        assert_eq!(sent(r#"{"type": "object"}"#), parameters);
    }
}
